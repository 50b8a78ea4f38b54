import type { CaseAsOfView, CycleAsOfView } from '../audit/as-of.mapper';
import type { EvidenceView } from '../evidence/dto/evidence.dto';
import { formatUsd } from '../cycles/money';
import { formatInstant } from './case.view';
import { sideBySideRow } from './form-feedback';
import { CREDIBILITY_LABELS, KIND_LABELS, RATING_LABELS, RELIABILITY_LABELS, STANCE_LABELS, stateLabel } from './web-labels';

// View models of the audit page's record tools: a case or cycle as it stood at an instant
// (rebuilt from the journal by AsOfService), and two revisions of an evidence item side by side.

export const AS_OF_ENTITIES = ['case', 'cycle'] as const;
export type AsOfEntity = (typeof AS_OF_ENTITIES)[number];

const rating = (code: unknown) => (typeof code === 'string' ? (RATING_LABELS[code] ?? code) : '—');
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : '—');

/** `pageLink(n)`: the audit page showing page n of the evidence then. */
export function caseAsOfView(c: CaseAsOfView, pageLink: (page: number) => string) {
  const { page, pageSize, total } = c.evidencePage;
  const first = (page - 1) * pageSize;
  const finding = c.finding as { rating?: unknown; rationale?: unknown; approvedBy?: unknown } | null;
  return {
    heading: `${c.criterion.title} (${c.id})`,
    link: `/cases/${encodeURIComponent(c.id)}`,
    asOfText: formatInstant(c.asOf),
    asOfSeq: c.asOfSeq,
    facts: [
      { label: 'State', value: stateLabel(c.state).label },
      { label: 'Version', value: String(c.version) },
      { label: 'Cycle', value: text(c.cycleId) },
      { label: 'Proposed finding', value: c.proposedFinding ? `${rating(c.proposedFinding.rating)}: ${c.proposedFinding.rationale}` : '—' },
      { label: 'Approved finding', value: finding ? `${rating(finding.rating)}: ${text(finding.rationale)} (approved by ${text(finding.approvedBy)})` : '—' },
      { label: 'Submitted by', value: text(c.submittedBy) },
      { label: 'Last change', value: formatInstant(c.updatedAt) },
    ],
    evidence: c.evidence.map((e) => {
      const item = e as Record<string, unknown> & { id: string; revision: number; retracted: boolean };
      return {
        title: text(item.title),
        revision: item.revision,
        stance: typeof item.stance === 'string' ? (STANCE_LABELS[item.stance] ?? item.stance) : '—',
        retracted: item.retracted,
        compare: item.revision > 1 ? compareUrl(item.id, item.revision - 1, item.revision) : null,
      };
    }),
    evidencePaging: {
      text: total === 0 ? '' : c.evidence.length === 0 ? `No items on page ${page}; the case had ${total} then.` : `Items ${first + 1}–${first + c.evidence.length} of ${total}, in the order they were first recorded.`,
      previous: page > 1 ? pageLink(page - 1) : null,
      next: first + pageSize < total ? pageLink(page + 1) : null,
    },
    cases: [],
  };
}

export function cycleAsOfView(c: CycleAsOfView) {
  return {
    heading: `Cycle ${c.id}`,
    link: `/cycles/${encodeURIComponent(c.id)}`,
    asOfText: formatInstant(c.asOf),
    asOfSeq: c.asOfSeq,
    facts: [
      { label: 'State', value: stateLabel(c.state).label },
      { label: 'Version', value: String(c.version) },
      { label: 'Recipient', value: text(c.recipient) },
      { label: 'Fiscal year', value: c.fiscalYear === null ? '—' : String(c.fiscalYear) },
      ...c.tranches.map((t) => ({
        label: `Tranche ${t.code}`,
        value: `${stateLabel(t.state).label}${t.withheldCents === null ? '' : `, ${formatUsd(t.withheldCents)} withheld`}`,
      })),
      { label: 'Last change', value: formatInstant(c.updatedAt) },
    ],
    evidence: [],
    evidencePaging: null,
    cases: c.cases.map((k) => ({ id: k.id, link: `/audit?asOfEntity=case&asOfId=${encodeURIComponent(k.id)}&asOf=${encodeURIComponent(c.asOf)}`, state: stateLabel(k.state).label, version: k.version })),
  };
}

export function compareUrl(evidenceId: string, from: number, to: number): string {
  return `/audit/evidence/${encodeURIComponent(evidenceId)}/compare?from=${from}&to=${to}`;
}

const COMPARED: Array<[string, (e: EvidenceView) => string]> = [
  ['Title', (e) => e.title],
  ['Summary', (e) => e.summary],
  ['Kind', (e) => KIND_LABELS[e.kind] ?? e.kind],
  ['Stance', (e) => STANCE_LABELS[e.stance] ?? e.stance],
  ['Source organisation', (e) => e.source],
  ['Source date', (e) => e.sourceDate],
  ['Period covered', (e) => `${e.periodStart} to ${e.periodEnd}`],
  ['Web address', (e) => e.url ?? ''],
  ['Source reliability', (e) => `${e.reliability}: ${RELIABILITY_LABELS[e.reliability] ?? ''}`],
  ['Information credibility', (e) => `${e.credibility}: ${CREDIBILITY_LABELS[String(e.credibility)] ?? ''}`],
  ['Sensitivity marking', (e) => e.sensitivity ?? ''],
];

/** Two revisions of one item, every field side by side, the changed words marked. */
export function revisionCompareView(revisions: EvidenceView[], from: EvidenceView, to: EvidenceView) {
  const label = (r: EvidenceView) => `Revision ${r.revision}, by ${r.revisedBy}, ${formatInstant(r.revisedAt)}`;
  const rows = COMPARED.map(([name, read]) => sideBySideRow(name, read(from), read(to)));
  const choices = (selected: number) => revisions.map((r) => ({ value: r.revision, label: `Revision ${r.revision} (${formatInstant(r.revisedAt)})`, selected: r.revision === selected }));
  return {
    evidenceId: from.id,
    caseId: from.caseId,
    caseLink: `/cases/${encodeURIComponent(from.caseId)}#evidence-${from.id}`,
    historyLink: `/audit?entity=case&entityId=${encodeURIComponent(from.caseId)}&event=REVISE_EVIDENCE`,
    title: to.title,
    left: label(from),
    right: label(to),
    rows,
    changedCount: rows.filter((row) => row.changed).length,
    fromChoices: choices(from.revision),
    toChoices: choices(to.revision),
    single: revisions.length < 2,
  };
}
