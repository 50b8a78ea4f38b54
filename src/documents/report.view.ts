import type { DocumentSources } from './document-sources';
import { actName, findingLabel, longDate, safeUrl } from './document-format';

// The tranche's document, by mechanism: a report, a certification (with a memorandum of
// justification), or, once the condition is waived, a waiver determination (with the
// justification report the statute requires). One view model; one template pair per kind.

export type TrancheDocumentKind = 'report' | 'certification' | 'waiver-determination';

export const REPORT_TEMPLATES: Record<TrancheDocumentKind, { name: string; version: string }> = {
  report: { name: 'report-to-congress', version: 'report-to-congress/1' },
  certification: { name: 'certification', version: 'certification/1' },
  'waiver-determination': { name: 'waiver-determination', version: 'waiver-determination/1' },
};
/** Kept for callers that name the report template's version alone. */
export const REPORT_TEMPLATE_VERSION = REPORT_TEMPLATES.report.version;

export interface ReportMeta {
  now: Date;
  /** Draft until the report is transmitted. */
  final: boolean;
  inputsHash: string;
}

interface Note {
  number: number;
  source: string;
  title: string;
  date: string;
  url: string | null;
  marking: string | null;
}

export interface ReportView {
  documentTitle: string;
  watermark: string;
  draft: boolean;
  status: string;
  date: string;
  statute: { title: string; act: string; section: string; citation: string; heading: string; headingParaphrase: boolean; country: string; account: string };
  fiscalYear: number;
  cycleId: string;
  tranche: { code: string; title: string; citation: string; addressee: string; verb: string };
  /** The recipient as the statute names it, capitalised to open a sentence ("The Government of Honduras"). */
  recipient: { name: string; sentenceName: string };
  /** The operative sentence of a certification or determination. */
  declaration: string;
  reportContents: string[];
  hasReportContents: boolean;
  justification: { standard: string; citation: string; required: string; text: string; classifiedAnnex: boolean } | null;
  criteria: Array<{
    number: number;
    code: string;
    title: string;
    text: string;
    paraphrase: boolean;
    citation: string;
    finding: string;
    hasNarrative: boolean;
    narrative: string;
    footnotes: number[];
  }>;
  /** Notes on unmarked evidence, in the unclassified body. */
  footnotes: Note[];
  /** Notes on evidence bearing a sensitivity marking: a separate annex, never the body. */
  annex: Note[];
  hasAnnex: boolean;
  inputsHash: string;
  templateVersion: string;
}

/** Which document the tranche gets: its statute's mechanism, or the waiver determination once waived. */
export function trancheDocumentKind(sources: DocumentSources): TrancheDocumentKind {
  if (sources.decision?.type === 'waive') return 'waiver-determination';
  return sources.tranche.mechanism === 'report' ? 'report' : 'certification';
}

// Some criteria are written with their subject ("the Government of Colombia is continuing to ..."):
// then the declaration does not name the government a second time.
const namesGovernment = (sources: DocumentSources) => /^the (central )?government/i.test(sources.cases[0]?.criterion.text ?? '');

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function buildReportView(sources: DocumentSources, meta: ReportMeta): ReportView {
  const { cycle, statute, tranche, recipient } = sources;
  const kind = trancheDocumentKind(sources);
  const notes: Note[] = [];
  // Criteria come in statutory order (the sources are sorted so); never by code.
  const criteria = sources.cases.map((c, index) => {
    const refs = c.evidence.map((e) => {
      const number = notes.length + 1;
      notes.push({ number, source: e.source, title: e.title, date: e.sourceDate, url: safeUrl(e.url), marking: e.sensitivity ?? null });
      return number;
    });
    const narrative = c.finding?.narrative?.trim() ?? '';
    return {
      number: index + 1,
      code: c.criterionCode,
      title: c.criterion.title,
      text: c.criterion.text,
      paraphrase: c.criterion.textStatus === 'paraphrase' || c.criterion.textStatus === 'by_reference',
      citation: c.criterion.citation,
      finding: c.finding ? findingLabel(c.finding.rating) : `No approved finding yet (case ${c.state})`,
      hasNarrative: narrative.length > 0,
      narrative,
      footnotes: refs,
    };
  });
  const date = longDate(meta.now.toISOString());
  const section = `sec. ${statute.section}`;
  const act = actName(statute);
  const verbWords = tranche.mechanism === 'determination' ? 'determine and report' : 'certify and report';
  const declaration =
    kind === 'waiver-determination'
      ? `I hereby determine and report that it is important to the national security interest of the United States to waive the requirements of ${section} of ${act} with respect to ${tranche.title} for ${recipient.name}.`
      : `Pursuant to ${section} of ${act}, I hereby ${verbWords} that${namesGovernment(sources) ? '' : ` ${recipient.name} is`}—`;
  const titles: Record<TrancheDocumentKind, string> = {
    report: `Report to ${tranche.addressee}`,
    certification: tranche.mechanism === 'determination' ? `Determination and report to ${tranche.addressee}` : `Certification and report to ${tranche.addressee}`,
    'waiver-determination': `Waiver determination and justification report to ${tranche.addressee}`,
  };
  const waiver = tranche.waiver;
  return {
    documentTitle: `${titles[kind]}: ${recipient.name}, FY${cycle.fiscalYear}`,
    watermark: meta.final ? '' : 'DRAFT',
    draft: !meta.final,
    status: meta.final ? `Transmitted ${date}` : `DRAFT of ${date}: not transmitted`,
    date,
    statute: {
      title: statute.title,
      act,
      section,
      citation: statute.citation,
      heading: statute.heading,
      headingParaphrase: statute.headingTextStatus === 'paraphrase',
      country: recipient.name,
      account: tranche.title,
    },
    fiscalYear: cycle.fiscalYear,
    cycleId: cycle.id,
    tranche: { code: tranche.code, title: tranche.title, citation: tranche.citation, addressee: tranche.addressee, verb: tranche.verb },
    recipient: { name: recipient.name, sentenceName: capitalise(recipient.name) },
    declaration,
    reportContents: tranche.reportContents,
    hasReportContents: tranche.reportContents.length > 0,
    justification:
      kind === 'waiver-determination' && waiver
        ? {
          standard: waiver.standard, citation: waiver.citation, required: waiver.justificationReport,
          text: sources.decision?.comment ?? 'No justification recorded', classifiedAnnex: waiver.classifiedAnnex,
        }
        : null,
    criteria,
    footnotes: notes.filter((n) => n.marking === null),
    annex: notes.filter((n) => n.marking !== null),
    hasAnnex: notes.some((n) => n.marking !== null),
    inputsHash: meta.inputsHash,
    templateVersion: REPORT_TEMPLATES[kind].version,
  };
}
