import type { DocumentSources } from './document-sources';
import { actName, findingLabel, longDate, safeUrl } from './document-format';

export const REPORT_TEMPLATE_VERSION = 'report-to-congress/1';

const MECHANISM_TITLES: Record<string, string> = { report: 'Report', certification: 'Certification and report', determination: 'Determination and report' };

export interface ReportMeta {
  now: Date;
  /** Draft until the report is transmitted. */
  final: boolean;
  inputsHash: string;
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
  footnotes: Array<{ number: number; source: string; title: string; date: string; url: string | null; marking: string | null }>;
  inputsHash: string;
  templateVersion: string;
}

export function buildReportView(sources: DocumentSources, meta: ReportMeta): ReportView {
  const { cycle, statute, tranche, recipient } = sources;
  const footnotes: ReportView['footnotes'] = [];
  const criteria = sources.cases.map((c, index) => {
    const refs = c.evidence.map((e) => {
      const number = footnotes.length + 1;
      footnotes.push({ number, source: e.source, title: e.title, date: e.sourceDate, url: safeUrl(e.url), marking: e.sensitivity ?? null });
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
  return {
    documentTitle: `${MECHANISM_TITLES[tranche.mechanism]} to ${tranche.addressee}: ${recipient.name}, FY${cycle.fiscalYear}`,
    watermark: meta.final ? '' : 'DRAFT',
    draft: !meta.final,
    status: meta.final ? `Transmitted ${date}` : `DRAFT of ${date}: not transmitted`,
    date,
    statute: {
      title: statute.title,
      act: actName(statute),
      section: `sec. ${statute.section}`,
      citation: statute.citation,
      heading: statute.heading,
      headingParaphrase: statute.headingTextStatus === 'paraphrase',
      country: recipient.name,
      account: tranche.title,
    },
    fiscalYear: cycle.fiscalYear,
    cycleId: cycle.id,
    criteria,
    footnotes,
    inputsHash: meta.inputsHash,
    templateVersion: REPORT_TEMPLATE_VERSION,
  };
}
