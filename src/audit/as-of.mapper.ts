import type { Criterion } from '../statutes/statute-catalog';
import type { CaseAsOf, CycleAsOf, EvidenceAsOf } from './as-of-reducer';

// As-of views keep the shape of the live views (CaseView, CycleView) and add `asOf` and the
// evidence; nothing can be done to the past, so allowedEvents is always empty.

export function toEvidenceAsOfView(item: EvidenceAsOf) {
  const current = item.revisions[item.revisions.length - 1];
  return {
    id: item.id,
    revision: item.revision,
    retracted: item.retracted,
    retractedReason: item.retractedReason,
    retractedBy: item.retractedBy,
    retractedAt: item.retractedAt,
    createdBy: item.createdBy,
    createdAt: item.createdAt,
    revisedBy: current?.revisedBy ?? item.createdBy,
    revisedAt: current?.revisedAt ?? item.createdAt,
    contentHash: current?.contentHash ?? null,
    ...(current?.content ?? {}),
    revisions: item.revisions.map((r) => ({ revision: r.revision, contentHash: r.contentHash, revisedBy: r.revisedBy, revisedAt: r.revisedAt })),
  };
}

/** One page of the case's evidence then (`evidence.items`, in the order the items were first journalled), and how many there were. */
export function toCaseAsOfView(
  state: Omit<CaseAsOf, 'evidence'>,
  evidence: { items: EvidenceAsOf[]; total: number },
  criterion: Criterion,
  asOf: string,
  paging: { page: number; pageSize: number },
) {
  return {
    id: state.id,
    cycleId: state.cycleId,
    tranche: state.tranche,
    statuteVersion: state.statuteVersion,
    criterion: { code: criterion.code, family: criterion.family, title: criterion.title, text: criterion.text, textStatus: criterion.textStatus, citation: criterion.citation },
    state: state.state,
    version: state.version,
    proposedFinding: state.proposedFinding,
    finding: state.finding,
    submittedBy: state.submittedBy,
    allowedEvents: [] as string[],
    canEdit: false,
    updatedAt: state.updatedAt,
    asOf,
    asOfSeq: state.lastSeq,
    evidence: evidence.items.map(toEvidenceAsOfView),
    evidencePage: { page: paging.page, pageSize: paging.pageSize, total: evidence.total },
  };
}

export function toCycleAsOfView(state: CycleAsOf, asOf: string) {
  return {
    id: state.id,
    statuteId: state.statuteId,
    statuteVersion: state.statuteVersion,
    recipient: state.recipient,
    fiscalYear: state.fiscalYear,
    state: state.state,
    version: state.version,
    appropriatedCents: state.appropriatedCents,
    withheldPercent: state.withheldBasisPoints === null ? null : state.withheldBasisPoints / 100,
    withheldCents: state.withheldCents,
    obligationDeadline: state.obligationDeadline,
    decision: state.decision,
    allowedEvents: [] as string[],
    tranches: state.tranches,
    cases: state.cases.map((c) => ({
      id: c.id, criterionCode: c.criterionCode, state: c.state, version: c.version, proposedFinding: c.proposedFinding, finding: c.finding, submittedBy: c.submittedBy,
    })),
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    asOf,
    asOfSeq: state.lastSeq,
  };
}

export type CaseAsOfView = ReturnType<typeof toCaseAsOfView>;
export type CycleAsOfView = ReturnType<typeof toCycleAsOfView>;
