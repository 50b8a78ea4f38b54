import type { JournalRow } from './journal-row';

// Rebuilds a case or a cycle from its journal rows alone (never from the current tables),
// so an as-of view shows what the history proves, even if a current row were wrong.

export interface ProposedFindingAsOf {
  rating: string;
  rationale: string;
  narrative: string;
}

export interface EvidenceRevisionAsOf {
  revision: number;
  contentHash: string | null;
  revisedBy: string;
  revisedAt: string;
  content: Record<string, unknown>;
}

export interface EvidenceAsOf {
  id: string;
  createdBy: string;
  createdAt: string;
  /** The revision current at the instant. */
  revision: number;
  retracted: boolean;
  retractedReason: string | null;
  retractedBy: string | null;
  retractedAt: string | null;
  revisions: EvidenceRevisionAsOf[];
}

export interface CaseAsOf {
  id: string;
  cycleId: string | null;
  criterionCode: string | null;
  /** The statute version the case was assessed against at the instant (absent in rows written before catalog v2). */
  statuteVersion: string | null;
  tranche: string | null;
  state: string | null;
  version: number;
  proposedFinding: ProposedFindingAsOf | null;
  finding: Record<string, unknown> | null;
  submittedBy: string | null;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
  evidence: EvidenceAsOf[];
}

export interface TrancheAsOf {
  code: string;
  state: string | null;
  baseCents: number | null;
  basisPoints: number | null;
  withheldCents: number | null;
  decision: Record<string, unknown> | null;
}

export interface CycleAsOf {
  id: string;
  statuteId: string | null;
  statuteVersion: string | null;
  recipient: string | null;
  tranches: TrancheAsOf[];
  fiscalYear: number | null;
  state: string | null;
  version: number;
  appropriatedCents: number | null;
  withheldBasisPoints: number | null;
  withheldCents: number | null;
  obligationDeadline: string | null;
  decision: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
  cases: CaseAsOf[];
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const obj = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** A case as its rows (oldest first, already cut at the instant) leave it; null if it did not exist yet. */
export function reduceCase(caseId: string, rows: readonly JournalRow[]): CaseAsOf | null {
  let current: CaseAsOf | null = null;
  const evidence = new Map<string, EvidenceAsOf>();
  for (const row of rows) {
    if (row.caseId !== caseId) continue;
    const payload = row.payload ?? {};
    if (!current) {
      // Anything before the case was opened cannot belong to it.
      if (row.event !== 'OPEN_CASE') continue;
      current = {
        id: caseId, cycleId: row.cycleId, criterionCode: str(payload.criterionCode), statuteVersion: null, tranche: str(payload.tranche), state: null, version: 0, proposedFinding: null,
        finding: null, submittedBy: null, createdAt: row.at, updatedAt: row.at, lastSeq: row.seq, evidence: [],
      };
    }
    if (row.toState) current.state = row.toState;
    const version = num(payload.version);
    if (version !== null) current.version = version;
    current.updatedAt = row.at;
    current.lastSeq = row.seq;
    if (str(payload.statuteVersion)) current.statuteVersion = str(payload.statuteVersion);
    switch (row.event) {
      case 'PROPOSE_FINDING':
        current.proposedFinding = { rating: str(payload.rating) ?? '', rationale: str(payload.rationale) ?? '', narrative: str(payload.narrative) ?? '' };
        break;
      case 'SUBMIT_FOR_REVIEW':
        current.submittedBy = row.actor;
        break;
      case 'APPROVE':
        current.finding = obj(payload.finding);
        break;
      case 'REOPEN':
        current.finding = null;
        break;
      case 'REPIN_STATUTE':
        if (payload.findingCleared === true) current.finding = null;
        break;
      case 'ADD_EVIDENCE':
      case 'REVISE_EVIDENCE': {
        const id = str(payload.evidenceId);
        if (!id) break;
        const item: EvidenceAsOf = evidence.get(id) ?? {
          id, createdBy: row.actor, createdAt: row.at, revision: 0, retracted: false, retractedReason: null, retractedBy: null, retractedAt: null, revisions: [],
        };
        const revision = num(payload.revision) ?? item.revision + 1;
        item.revision = revision;
        item.revisions = [
          ...item.revisions,
          { revision, contentHash: str(payload.contentHash), revisedBy: row.actor, revisedAt: row.at, content: obj(payload.content) ?? {} },
        ];
        evidence.set(id, item);
        break;
      }
      case 'RETRACT_EVIDENCE': {
        const item = evidence.get(str(payload.evidenceId) ?? '');
        if (!item) break;
        evidence.set(item.id, { ...item, retracted: true, retractedReason: str(payload.reason) ?? row.comment, retractedBy: row.actor, retractedAt: row.at });
        break;
      }
      default:
        break;
    }
  }
  if (!current) return null;
  return { ...current, evidence: [...evidence.values()] };
}

/** A cycle and its cases as the rows (cycle and case rows of the cycle, oldest first) leave them. */
export function reduceCycle(cycleId: string, rows: readonly JournalRow[]): CycleAsOf | null {
  let current: CycleAsOf | null = null;
  const caseIds: string[] = [];
  for (const row of rows) {
    if (row.cycleId !== cycleId) continue;
    if (row.entityType === 'case' && row.event === 'OPEN_CASE' && row.caseId && !caseIds.includes(row.caseId)) caseIds.push(row.caseId);
    if (row.entityType !== 'cycle' || row.entityId !== cycleId) continue;
    const payload = row.payload ?? {};
    if (!current) {
      if (row.event !== 'OPEN_CYCLE') continue;
      const listed = Array.isArray(payload.tranches) ? (payload.tranches as Array<Record<string, unknown>>) : null;
      // Rows written before catalog v2 describe one tranche, 'A', in the cycle's own fields.
      const tranches: TrancheAsOf[] = listed
        ? listed.map((t) => ({ code: str(t.code) ?? '', state: str(t.state), baseCents: num(t.baseCents), basisPoints: num(t.basisPoints), withheldCents: num(t.withheldCents), decision: null }))
        : [{ code: 'A', state: row.toState, baseCents: num(payload.appropriatedCents), basisPoints: num(payload.withheldBasisPoints), withheldCents: num(payload.withheldCents), decision: null }];
      current = {
        id: cycleId, statuteId: str(payload.statuteId), statuteVersion: str(payload.statuteVersion), recipient: str(payload.recipient), tranches,
        fiscalYear: num(payload.fiscalYear), state: null, version: 0,
        appropriatedCents: num(payload.appropriatedCents), withheldBasisPoints: num(payload.withheldBasisPoints),
        withheldCents: num(payload.withheldCents), obligationDeadline: str(payload.obligationDeadline), decision: null,
        createdAt: row.at, updatedAt: row.at, lastSeq: row.seq, cases: [],
      };
    }
    const version = num(payload.version);
    if (version !== null) current.version = version;
    current.updatedAt = row.at;
    current.lastSeq = row.seq;
    if (row.event === 'REPIN_STATUTE') current.statuteVersion = str(payload.statuteVersion);
    const tranche = current.tranches.find((t) => t.code === (str(payload.tranche) ?? current!.tranches[0]?.code));
    if (tranche && row.event !== 'OPEN_CYCLE' && row.event !== 'REPIN_STATUTE') {
      if (row.toState) tranche.state = row.toState;
      // Decisions carry their record in the payload; resuming the assessment clears it.
      if ('decision' in payload) tranche.decision = obj(payload.decision);
      if (row.event === 'RESUME_ASSESSMENT') tranche.decision = null;
    }
    const states = new Set(current.tranches.map((t) => t.state));
    current.state = states.size === 1 ? [...states][0] : 'mixed';
    current.decision = current.tranches.length === 1 ? current.tranches[0].decision : null;
  }
  if (!current) return null;
  const cases = caseIds
    .map((id) => reduceCase(id, rows))
    // Opened in statutory order: kept, never sorted by code.
    .filter((c): c is CaseAsOf => c !== null);
  return { ...current, cases };
}
