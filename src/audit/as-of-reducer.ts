import type { JournalRow } from './journal-row';
import { encodeCaseState, StoredCaseState } from './stored-case-state';

// Rebuilds cases, cycles, users and documents from journal rows alone (never from the current
// tables), so an as-of view shows what the history proves, even if a current row were wrong.
// One fold serves every reader: as-of views (one record, rows cut at an instant), snapshots
// (resumed from a stored state) and reconciliation (the whole journal, streamed).

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

export interface UserAsOf {
  username: string;
  roles: string[];
  active: boolean;
  lastSeq: number;
}

export interface DocumentAsOf {
  id: string;
  cycleId: string | null;
  kind: string | null;
  number: number | null;
  contentHash: string | null;
  inputsHash: string | null;
  lastSeq: number;
}

export interface FoldOptions {
  /** Keep each evidence revision's content (as-of views show it); without, only its stance and reliability, which reconciliation checks beside the hash. */
  keepContent?: boolean;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const obj = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** A case being folded: its state plus an index of its evidence (insertion order = first journalled). */
export class CaseFold {
  // A string is an item as stored (its JSON), parsed when first read or changed.
  private readonly evidence = new Map<string, EvidenceAsOf | string>();

  private constructor(
    private readonly state: Omit<CaseAsOf, 'evidence'>,
    private readonly keepContent: boolean,
  ) {}

  /** Starts a case at its OPEN_CASE row; anything before that row cannot belong to it. */
  static open(row: JournalRow, options: FoldOptions = {}): CaseFold | null {
    if (row.event !== 'OPEN_CASE' || !row.caseId) return null;
    const payload = row.payload ?? {};
    return new CaseFold(
      {
        id: row.caseId, cycleId: row.cycleId, criterionCode: str(payload.criterionCode), statuteVersion: null, tranche: str(payload.tranche), state: null, version: 0, proposedFinding: null,
        finding: null, submittedBy: null, createdAt: row.at, updatedAt: row.at, lastSeq: row.seq,
      },
      options.keepContent ?? true,
    );
  }

  /** Resumes from a stored state (see stored-case-state.ts) without changing it, so one read state serves many folds. */
  static resume(stored: StoredCaseState, options: FoldOptions = {}): CaseFold {
    const fold = new CaseFold({ ...stored.header }, options.keepContent ?? true);
    for (const [id, json] of stored.items) fold.evidence.set(id, json);
    return fold;
  }

  private item(id: string): EvidenceAsOf | undefined {
    const item = this.evidence.get(id);
    if (typeof item !== 'string') return item;
    const parsed = JSON.parse(item) as EvidenceAsOf;
    this.evidence.set(id, parsed);
    return parsed;
  }

  get lastSeq(): number {
    return this.state.lastSeq;
  }

  apply(row: JournalRow): void {
    const current = this.state;
    const payload = row.payload ?? {};
    if (row.toState) current.state = row.toState;
    const version = num(payload.version);
    if (version !== null) current.version = version;
    if (str(payload.statuteVersion)) current.statuteVersion = str(payload.statuteVersion);
    current.updatedAt = row.at;
    current.lastSeq = row.seq;
    switch (row.event) {
      case 'REPIN_STATUTE':
        if (payload.findingCleared === true) current.finding = null;
        break;
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
      case 'ADD_EVIDENCE':
      case 'REVISE_EVIDENCE': {
        const id = str(payload.evidenceId);
        if (!id) break;
        let item = this.item(id);
        if (!item) {
          item = { id, createdBy: row.actor, createdAt: row.at, revision: 0, retracted: false, retractedReason: null, retractedBy: null, retractedAt: null, revisions: [] };
          this.evidence.set(id, item);
        }
        const revision = num(payload.revision) ?? item.revision + 1;
        item.revision = revision;
        const full = obj(payload.content) ?? {};
        const content = this.keepContent ? full : { stance: full.stance, reliability: full.reliability };
        item.revisions.push({ revision, contentHash: str(payload.contentHash), revisedBy: row.actor, revisedAt: row.at, content });
        break;
      }
      case 'RETRACT_EVIDENCE': {
        const item = this.item(str(payload.evidenceId) ?? '');
        if (!item) break;
        Object.assign(item, { retracted: true, retractedReason: str(payload.reason) ?? row.comment, retractedBy: row.actor, retractedAt: row.at });
        break;
      }
      default:
        break;
    }
  }

  /** A copy: later rows applied to this fold do not change it. */
  result(): CaseAsOf {
    return structuredClone(this.view());
  }

  /** The state now, sharing the fold's objects: for a caller that reads it before any further row is applied. */
  view(): CaseAsOf {
    return { ...this.state, evidence: [...this.evidence.keys()].map((id) => this.item(id)!) };
  }

  /** The case's own fields now, without its evidence. */
  header(): Omit<CaseAsOf, 'evidence'> {
    return { ...this.state };
  }

  get evidenceCount(): number {
    return this.evidence.size;
  }

  /** `size` items from position `from` (first journalled first); only these are parsed. */
  evidencePage(from: number, size: number): EvidenceAsOf[] {
    return [...this.evidence.keys()].slice(from, from + size).map((id) => this.item(id)!);
  }

  /** The state as stored text; items never read are written back as they were read. */
  encode(): string {
    return encodeCaseState(this.state, this.evidence);
  }
}

/** A cycle being folded from its own rows; its cases are folded separately, by CaseFold. */
export class CycleFold {
  readonly caseIds: string[] = [];

  private constructor(private readonly state: Omit<CycleAsOf, 'cases'>) {}

  static open(row: JournalRow): CycleFold | null {
    if (row.event !== 'OPEN_CYCLE' || row.entityType !== 'cycle') return null;
    const payload = row.payload ?? {};
    const listed = Array.isArray(payload.tranches) ? (payload.tranches as Array<Record<string, unknown>>) : null;
    // Rows written before catalog v2 describe one tranche, 'A', in the cycle's own fields.
    const tranches: TrancheAsOf[] = listed
      ? listed.map((t) => ({ code: str(t.code) ?? '', state: str(t.state), baseCents: num(t.baseCents), basisPoints: num(t.basisPoints), withheldCents: num(t.withheldCents), decision: null }))
      : [{ code: 'A', state: row.toState, baseCents: num(payload.appropriatedCents), basisPoints: num(payload.withheldBasisPoints), withheldCents: num(payload.withheldCents), decision: null }];
    return new CycleFold({
      id: row.entityId, statuteId: str(payload.statuteId), statuteVersion: str(payload.statuteVersion), recipient: str(payload.recipient), tranches,
      fiscalYear: num(payload.fiscalYear), state: null, version: 0,
      appropriatedCents: num(payload.appropriatedCents), withheldBasisPoints: num(payload.withheldBasisPoints),
      withheldCents: num(payload.withheldCents), obligationDeadline: str(payload.obligationDeadline), decision: null,
      createdAt: row.at, updatedAt: row.at, lastSeq: row.seq,
    });
  }

  apply(row: JournalRow): void {
    const current = this.state;
    const payload = row.payload ?? {};
    const version = num(payload.version);
    if (version !== null) current.version = version;
    current.updatedAt = row.at;
    current.lastSeq = row.seq;
    if (row.event === 'REPIN_STATUTE') current.statuteVersion = str(payload.statuteVersion);
    const tranche = current.tranches.find((t) => t.code === (str(payload.tranche) ?? current.tranches[0]?.code));
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

  result(cases: CaseAsOf[]): CycleAsOf {
    return { ...structuredClone(this.state), cases };
  }
}

function applyUserRow(users: Map<string, UserAsOf>, row: JournalRow): void {
  const payload = row.payload ?? {};
  const roles = (value: unknown): string[] => (Array.isArray(value) ? value.filter((r): r is string => typeof r === 'string').sort() : []);
  const user = users.get(row.entityId);
  if (row.event === 'USER_CREATED') {
    users.set(row.entityId, { username: row.entityId, roles: roles(payload.roles), active: true, lastSeq: row.seq });
    return;
  }
  if (!user) return;
  user.lastSeq = row.seq;
  if (row.event === 'USER_ROLES_CHANGED') user.roles = roles(payload.after);
  if (row.event === 'USER_DEACTIVATED') user.active = false;
}

function applyDocumentRow(documents: Map<string, DocumentAsOf>, row: JournalRow): void {
  if (row.event !== 'DOCUMENT_CREATED') return;
  const payload = row.payload ?? {};
  documents.set(row.entityId, {
    id: row.entityId, cycleId: row.cycleId, kind: str(payload.kind), number: num(payload.number),
    contentHash: str(payload.contentHash), inputsHash: str(payload.inputsHash), lastSeq: row.seq,
  });
}

/** Every record the rows mention, folded in seq order. Rows must arrive oldest first. */
export class JournalFold {
  readonly cases = new Map<string, CaseFold>();
  readonly cycles = new Map<string, CycleFold>();
  readonly users = new Map<string, UserAsOf>();
  readonly documents = new Map<string, DocumentAsOf>();
  lastSeq = 0;

  constructor(private readonly options: FoldOptions = {}) {}

  apply(row: JournalRow): void {
    this.lastSeq = row.seq;
    switch (row.entityType) {
      case 'case': {
        if (!row.caseId) return;
        const fold = this.cases.get(row.caseId);
        if (fold) return fold.apply(row);
        const opened = CaseFold.open(row, this.options);
        if (!opened) return;
        opened.apply(row);
        this.cases.set(row.caseId, opened);
        if (row.cycleId) this.cycles.get(row.cycleId)?.caseIds.push(row.caseId);
        return;
      }
      case 'cycle': {
        const fold = this.cycles.get(row.entityId);
        if (fold) return fold.apply(row);
        const opened = CycleFold.open(row);
        if (!opened) return;
        opened.apply(row);
        this.cycles.set(row.entityId, opened);
        return;
      }
      case 'user':
        return applyUserRow(this.users, row);
      case 'document':
        return applyDocumentRow(this.documents, row);
      default:
        return;
    }
  }

  case(id: string): CaseAsOf | null {
    return this.cases.get(id)?.result() ?? null;
  }

  cycle(id: string): CycleAsOf | null {
    const fold = this.cycles.get(id);
    if (!fold) return null;
    const cases = fold.caseIds
      .map((caseId) => this.case(caseId))
      // Opened in statutory order: kept, never sorted by code.
      .filter((c): c is CaseAsOf => c !== null);
    return fold.result(cases);
  }
}

/** A case as its rows (oldest first, already cut at the instant) leave it; null if it did not exist yet. */
export function reduceCase(caseId: string, rows: readonly JournalRow[]): CaseAsOf | null {
  const fold = new JournalFold();
  for (const row of rows) if (row.entityType === 'case' && row.caseId === caseId) fold.apply(row);
  return fold.case(caseId);
}

/** A cycle and its cases as the rows (cycle and case rows of the cycle, oldest first) leave them. */
export function reduceCycle(cycleId: string, rows: readonly JournalRow[]): CycleAsOf | null {
  const fold = new JournalFold();
  for (const row of rows) if (row.cycleId === cycleId) fold.apply(row);
  return fold.cycle(cycleId);
}
