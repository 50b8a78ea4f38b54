import type { MemoProposal } from '../cycles/tranche-documents';
import { formatUsd } from '../cycles/money';
import type { DocumentSources, SourceCase, SourceEvidence } from './document-sources';
import { actName, deadlineStatus, findingLabel, gradeRank, longDate, percentLabel, person, withheldArithmetic } from './document-format';

const MECHANISM_NOUNS: Record<string, string> = { report: 'a written report', certification: 'a certification', determination: 'a determination' };

// 2: each criterion's wording against the previous act, and later acts' changes named in the Background.
export const MEMO_TEMPLATE_VERSION = 'decision-memo/2';

export interface MemoMeta {
  now: Date;
  number: number;
  preparedBy: string;
  proposal: MemoProposal;
  inputsHash: string;
}

export interface DecisionMemoView {
  documentTitle: string;
  watermark: string;
  memoNumber: number;
  date: string;
  to: string;
  from: string;
  subject: string;
  recommendation: string;
  background: {
    statuteTitle: string;
    act: string;
    section: string;
    citation: string;
    heading: string;
    headingParaphrase: boolean;
    mechanism: string;
    fiscalYear: number;
    appropriated: string;
    percent: string;
    withheld: string;
    formula: string;
    rounding: string;
    deadline: string;
    deadlineStatus: string;
    deadlinePassed: boolean;
  };
  summary: string;
  rows: Array<{
    code: string;
    title: string;
    finding: string;
    reviewer: string;
    evidenceCount: number;
    contradicting: { title: string; source: string; date: string; grade: string } | null;
    /** `changed since FY2022: adds “…”`, `unchanged since FY2022`, or null without an earlier act. */
    change: string | null;
  }>;
  /** Later acts' changes to the conditions on this year's funds ("notwithstanding" the earlier act). */
  amendments: Array<{ citation: string; effect: string; paraphrase: boolean }>;
  options: Array<{ letter: string; label: string; amount: string; note: string }>;
  attachments: string[];
  draftedBy: string[];
  clearedBy: string[];
  inputsHash: string;
  templateVersion: string;
}

/** The live 'contradicts' item with the best reliability, then the best credibility; the first in citation order wins ties. */
export function strongestContradicting(evidence: SourceEvidence[]): SourceEvidence | null {
  let best: SourceEvidence | null = null;
  for (const item of evidence) {
    if (item.stance !== 'contradicts') continue;
    if (!best || gradeRank(item.reliability, item.credibility) < gradeRank(best.reliability, best.credibility)) best = item;
  }
  return best;
}

/** The latest submitter and approver of each case, from the history, in first-appearance order. */
function draftersAndClearers(sources: DocumentSources): { drafted: string[]; cleared: string[] } {
  const lastSubmit = new Map<string, string>();
  const lastApprove = new Map<string, { actor: string; at: string }>();
  for (const row of sources.history) {
    if (!row.caseId) continue;
    if (row.event === 'SUBMIT_FOR_REVIEW') lastSubmit.set(row.caseId, row.actor);
    if (row.event === 'APPROVE') lastApprove.set(row.caseId, { actor: row.actor, at: row.at });
  }
  const drafted = new Map<string, string[]>();
  const cleared = new Map<string, { codes: string[]; last: string }>();
  for (const c of sources.cases) {
    const submitter = lastSubmit.get(c.id);
    if (submitter) drafted.set(submitter, [...(drafted.get(submitter) ?? []), c.criterionCode]);
    const approval = lastApprove.get(c.id);
    if (approval && c.finding) {
      const entry = cleared.get(approval.actor) ?? { codes: [], last: '' };
      entry.codes.push(c.criterionCode);
      if (approval.at > entry.last) entry.last = approval.at;
      cleared.set(approval.actor, entry);
    }
  }
  return {
    drafted: [...drafted].map(([who, codes]) => `${person(who, sources.people)}: ${codes.join(', ')}`),
    cleared: [...cleared].map(([who, e]) => `${person(who, sources.people)}: ${e.codes.join(', ')} (${longDate(e.last)})`),
  };
}

export function buildDecisionMemoView(sources: DocumentSources, meta: MemoMeta): DecisionMemoView {
  const { cycle, statute, tranche, recipient } = sources;
  const fixed = tranche.share.amountCents !== undefined;
  const destinations = tranche.onFailure?.reprogramTo ?? [];
  const withheld = formatUsd(cycle.withheldCents);
  const total = sources.cases.length;
  const met = sources.cases.filter((c) => c.finding?.rating === 'met').length;
  const allMet = total > 0 && met === total;
  const funds = `FY${cycle.fiscalYear} funds for ${recipient.name} (tranche ${tranche.code}: ${tranche.title})`;
  const reprogramAmount = formatUsd(meta.proposal.amountCents ?? cycle.withheldCents);
  const destination = meta.proposal.destination;
  const deadline = deadlineStatus(cycle.obligationDeadline, meta.now);
  const { drafted, cleared } = draftersAndClearers(sources);

  let recommendation: string;
  if (allMet) {
    recommendation = `That you approve the release of the withheld ${withheld} of ${funds} and the transmission of the attached report to the Committees on Appropriations: all ${total} criteria are assessed as met.`;
  } else if (destination) {
    recommendation = `That you approve continuing to withhold the ${withheld} of ${funds} and reprogramming ${reprogramAmount} to ${destination}: ${total - met} of ${total} criteria are not assessed as met, so the report cannot be made.`;
  } else {
    recommendation = `That you approve continuing to withhold the ${withheld} of ${funds}: ${total - met} of ${total} criteria are not assessed as met, so the report cannot be made.`;
  }

  return {
    documentTitle: `Action memo: ${cycle.id} withheld funds decision`,
    watermark: '',
    memoNumber: meta.number,
    date: longDate(meta.now.toISOString()),
    to: 'The Secretary',
    from: `Bureau of International Narcotics and Law Enforcement Affairs: ${person(meta.preparedBy, sources.people)}`,
    subject: `Decision on the ${withheld} of ${funds} withheld under ${actName(statute)}`,
    recommendation,
    background: {
      statuteTitle: statute.title,
      act: actName(statute),
      section: `sec. ${statute.section}`,
      citation: statute.citation,
      heading: statute.heading,
      headingParaphrase: statute.headingTextStatus === 'paraphrase',
      mechanism: `${MECHANISM_NOUNS[tranche.mechanism]} to ${tranche.addressee} (the statute: "${tranche.verb}")`,
      fiscalYear: cycle.fiscalYear,
      appropriated: fixed ? 'not applicable (a fixed amount)' : formatUsd(cycle.appropriatedCents),
      percent: fixed ? 'fixed amount' : percentLabel(cycle.withheldBasisPoints),
      withheld,
      ...(fixed
        ? { formula: `The statute withholds a fixed ${withheld}`, rounding: 'No arithmetic: the amount is fixed by statute' }
        : withheldArithmetic(cycle.appropriatedCents, cycle.withheldBasisPoints, cycle.withheldCents)),
      deadline: longDate(cycle.obligationDeadline),
      deadlineStatus: deadline.text,
      deadlinePassed: deadline.days < 0,
    },
    summary: `${met} of ${total} criteria assessed as met.`,
    rows: sources.cases.map((c: SourceCase) => {
      const strongest = strongestContradicting(c.evidence);
      return {
        code: c.criterionCode,
        title: c.criterion.title,
        finding: findingLabel(c.finding?.rating),
        reviewer: c.finding ? person(c.finding.approvedBy, sources.people) : 'not yet reviewed',
        evidenceCount: c.evidence.length,
        change: sources.yearOverYear?.changes[c.id] ?? null,
        contradicting: strongest
          ? { title: strongest.title, source: strongest.source, date: strongest.sourceDate, grade: `${strongest.reliability}${strongest.credibility}` }
          : null,
      };
    }),
    amendments: (sources.yearOverYear?.amendments ?? []).map((a) => ({ citation: a.citation, effect: a.effect, paraphrase: a.textStatus === 'paraphrase' })),
    options: [
      {
        letter: 'A',
        label: 'Release the withheld funds and transmit the report',
        amount: withheld,
        note: allMet ? 'Available: every criterion is assessed as met.' : `Not available: ${total - met} criteria are not assessed as met.`,
      },
      {
        letter: 'B',
        label: 'Continue to withhold',
        amount: withheld,
        note: deadline.days < 0
          ? `The funds remain unobligated; the obligation deadline ${longDate(cycle.obligationDeadline)} has passed.`
          : `The funds remain unobligated until the criteria are met or the obligation deadline of ${longDate(cycle.obligationDeadline)}.`,
      },
      ...(tranche.waiver
        ? [{
          letter: 'W',
          label: 'Waive the condition',
          amount: withheld,
          note: allMet ? 'Not needed: every criterion is assessed as met.' : `Available under ${tranche.waiver.citation}: ${tranche.waiver.standard}; requires ${tranche.waiver.justificationReport}.`,
        }]
        : []),
      {
        letter: 'C',
        label: destination ? `Reprogram to ${destination}` : destinations.length ? `Reprogram to ${destinations.join(' or ')}` : 'Reprogram (destination to be named in the decision)',
        amount: reprogramAmount,
        note: destinations.length
          ? `The statute fixes the destination (${tranche.onFailure!.notification ?? 'no notification named'}); the amount cannot exceed the withheld amount.`
          : 'The reprogrammed amount cannot exceed the withheld amount.',
      },
    ].map((option, i) => ({ ...option, letter: String.fromCharCode(65 + i) })),
    attachments: [
      `Tab 1: Draft report to the Committees on Appropriations (${total} criteria)`,
      `Tab 2: Evidence cited (${sources.cases.reduce((n, c) => n + c.evidence.length, 0)} live items)`,
    ],
    draftedBy: drafted,
    clearedBy: cleared,
    inputsHash: meta.inputsHash,
    templateVersion: MEMO_TEMPLATE_VERSION,
  };
}
