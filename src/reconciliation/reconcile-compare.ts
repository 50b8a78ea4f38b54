import { canonicalJson } from '../common/canonical-json';
import type { CaseAsOf, CycleAsOf, DocumentAsOf, EvidenceAsOf, EvidenceRevisionAsOf, UserAsOf } from '../audit/as-of-reducer';

// Pure comparisons of one live row with the state the journal proves for it. Each returns the
// fields that differ; a row on one side only is one mismatch on the field `row`.

export type ReconciledTable = 'cases' | 'cycles' | 'tranches' | 'evidence' | 'evidence_revisions' | 'users' | 'documents' | 'journal_snapshots';

export interface Mismatch {
  table: ReconciledTable;
  id: string;
  field: string;
  /** What the journal proves; null when the journal has no such record. */
  journal: unknown;
  /** What the live table holds; null when the table has no such row. */
  live: unknown;
}

export interface LiveCase {
  id: string;
  cycleId: string;
  criterionCode: string;
  state: string;
  version: number;
  proposedRating: string | null;
  proposedRationale: string | null;
  proposedNarrative: string | null;
  finding: unknown;
  submittedBy: string | null;
}

export interface LiveTranche {
  code: string;
  state: string;
  baseCents: number | null;
  basisPoints: number | null;
  withheldCents: number;
  decision: unknown;
}

export interface LiveCycle {
  id: string;
  statuteId: string;
  statuteVersion: string;
  recipient: string;
  fiscalYear: number;
  version: number;
  obligationDeadline: string;
  tranches: LiveTranche[];
}

export interface LiveEvidence {
  id: string;
  caseId: string;
  currentRevision: number;
  retracted: boolean;
  currentStance: string | null;
  currentReliability: string | null;
}

export interface LiveRevision {
  evidenceId: string;
  revision: number;
  /** As stored in the row's content_hash column. */
  storedHash: string;
  /** Recomputed from the row's content columns. */
  contentHash: string;
}

export interface LiveUser {
  username: string;
  roles: string[];
  active: boolean;
}

export interface LiveDocument {
  id: string;
  cycleId: string;
  kind: string;
  number: number;
  /** As stored in the row's content_hash column. */
  storedHash: string;
  /** Recomputed from the stored HTML and Markdown. */
  contentHash: string;
}

type Fields = Array<[field: string, journal: unknown, live: unknown]>;

function differing(table: ReconciledTable, id: string, fields: Fields): Mismatch[] {
  return fields.filter(([, journal, live]) => canonicalJson(journal ?? null) !== canonicalJson(live ?? null)).map(([field, journal, live]) => ({ table, id, field, journal, live }));
}

/** A record on one side only. */
export function missing(table: ReconciledTable, id: string, side: 'journal' | 'live'): Mismatch {
  return side === 'live' ? { table, id, field: 'row', journal: 'present', live: null } : { table, id, field: 'row', journal: null, live: 'present' };
}

export function compareCase(expected: CaseAsOf | null, live: LiveCase): Mismatch[] {
  if (!expected) return [missing('cases', live.id, 'journal')];
  const proposed = live.proposedRating === null ? null : { rating: live.proposedRating, rationale: live.proposedRationale ?? '', narrative: live.proposedNarrative ?? '' };
  return differing('cases', live.id, [
    ['cycleId', expected.cycleId, live.cycleId],
    ['criterionCode', expected.criterionCode, live.criterionCode],
    ['state', expected.state, live.state],
    ['version', expected.version, live.version],
    ['proposedFinding', expected.proposedFinding, proposed],
    ['finding', expected.finding, live.finding],
    ['submittedBy', expected.submittedBy, live.submittedBy],
  ]);
}

/** A cycle and its tranches (named `cycleId/code`). Rows written before catalog v2 name no statute version or recipient: those are compared only where the journal has them. */
export function compareCycle(expected: CycleAsOf | null, live: LiveCycle): Mismatch[] {
  if (!expected) return [missing('cycles', live.id, 'journal'), ...live.tranches.map((t) => missing('tranches', `${live.id}/${t.code}`, 'journal'))];
  const found = differing('cycles', live.id, [
    ['statuteId', expected.statuteId, live.statuteId],
    ['statuteVersion', expected.statuteVersion ?? live.statuteVersion, live.statuteVersion],
    ['recipient', expected.recipient ?? live.recipient, live.recipient],
    ['fiscalYear', expected.fiscalYear, live.fiscalYear],
    ['version', expected.version, live.version],
    ['obligationDeadline', expected.obligationDeadline, live.obligationDeadline],
  ]);
  const liveByCode = new Map(live.tranches.map((t) => [t.code, t]));
  for (const tranche of expected.tranches) {
    const id = `${live.id}/${tranche.code}`;
    const row = liveByCode.get(tranche.code);
    liveByCode.delete(tranche.code);
    if (!row) {
      found.push(missing('tranches', id, 'live'));
      continue;
    }
    found.push(...differing('tranches', id, [
      ['state', tranche.state, row.state],
      ['decision', tranche.decision, row.decision],
      ['baseCents', tranche.baseCents, row.baseCents],
      ['basisPoints', tranche.basisPoints, row.basisPoints],
      ['withheldCents', tranche.withheldCents, row.withheldCents],
    ]));
  }
  for (const code of liveByCode.keys()) found.push(missing('tranches', `${live.id}/${code}`, 'journal'));
  return found;
}

export function compareEvidence(expected: { caseId: string; item: EvidenceAsOf } | null, live: LiveEvidence): Mismatch[] {
  if (!expected) return [missing('evidence', live.id, 'journal')];
  const current = expected.item.revisions.find((r) => r.revision === expected.item.revision);
  return differing('evidence', live.id, [
    ['caseId', expected.caseId, live.caseId],
    ['currentRevision', expected.item.revision, live.currentRevision],
    ['retracted', expected.item.retracted, live.retracted],
    // Copied from the current revision for the case's counts and filters: they must say what it says.
    ['currentStance', current?.content.stance ?? null, live.currentStance],
    ['currentReliability', current?.content.reliability ?? null, live.currentReliability],
  ]);
}

/** Revisions are named `evidenceId/revision`, their unique key in both places. */
export function revisionKey(evidenceId: string, revision: number): string {
  return `${evidenceId}/${revision}`;
}

export function compareRevision(expected: EvidenceRevisionAsOf | null, live: LiveRevision): Mismatch[] {
  const id = revisionKey(live.evidenceId, live.revision);
  if (!expected) return [missing('evidence_revisions', id, 'journal')];
  return differing('evidence_revisions', id, [
    // The content as it stands now, hashed again: an edited title or stance shows here.
    ['contentHash', expected.contentHash, live.contentHash],
    ['storedContentHash', expected.contentHash, live.storedHash],
  ]);
}

export function compareUser(expected: UserAsOf | null, live: LiveUser): Mismatch[] {
  if (!expected) return [missing('users', live.username, 'journal')];
  return differing('users', live.username, [
    ['roles', expected.roles, [...live.roles].sort()],
    ['active', expected.active, live.active],
  ]);
}

export function compareDocument(expected: DocumentAsOf | null, live: LiveDocument): Mismatch[] {
  if (!expected) return [missing('documents', live.id, 'journal')];
  return differing('documents', live.id, [
    ['cycleId', expected.cycleId, live.cycleId],
    ['kind', expected.kind, live.kind],
    ['number', expected.number, live.number],
    ['contentHash', expected.contentHash, live.contentHash],
    ['storedContentHash', expected.contentHash, live.storedHash],
  ]);
}
