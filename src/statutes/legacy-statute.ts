import type { Statute } from './statute-catalog';

// Versions stored by the release before catalog v2 hold the v1 shape (one share, one country,
// criteria at the top). Cycles opened then stay pinned to that text; this reads it as one tranche.

interface LegacyStatute {
  id: string;
  title: string;
  act: string;
  section: string;
  citation: string;
  country: string;
  account: string;
  withheldPercent: number;
  mechanism: 'report' | 'certification';
  nationalSecurityWaiver: boolean;
  fiscalYears: number[];
  heading: string;
  headingTextStatus: 'verbatim' | 'paraphrase';
  notes: string;
  sources: string[];
  criteria: Array<{ code: string; title: string; text: string; textStatus: 'verbatim' | 'paraphrase'; citation: string; note?: string }>;
}

/** The single tranche's code of every version upgraded from the v1 shape. */
export const LEGACY_TRANCHE = 'A';

export function isLegacyStatute(content: Record<string, unknown>): boolean {
  return content.schemaVersion === undefined && Array.isArray(content.criteria);
}

export function upgradeLegacyStatute(content: Record<string, unknown>): Statute {
  const v1 = content as unknown as LegacyStatute;
  const recipientCode = v1.country === 'Mexico' ? 'MX' : 'CA';
  return {
    schemaVersion: 2,
    id: v1.id,
    act: { publicLaw: v1.act, division: null, title: v1.act, enacted: null },
    section: v1.section,
    citation: v1.citation,
    title: v1.title,
    fiscalYears: v1.fiscalYears,
    topic: 'human_rights',
    heading: v1.heading,
    headingTextStatus: v1.headingTextStatus,
    predecessor: null,
    fundsAvailableUntil: null,
    recipients: [{ code: recipientCode, name: v1.country === 'Mexico' ? 'the Government of Mexico' : `the government of such country (${v1.country})` }],
    tranches: [
      {
        code: LEGACY_TRANCHE,
        title: `${v1.withheldPercent} percent of ${v1.account} assistance`,
        citation: v1.citation,
        base: `${v1.account} funds for ${v1.country}`,
        exceptions: [],
        share: { percent: v1.withheldPercent },
        mechanism: v1.mechanism,
        verb: v1.mechanism === 'report' ? 'reports in writing' : 'certifies and reports',
        addressee: 'the Committees on Appropriations',
        assessmentWindowMonths: null,
        waiver: null,
        onFailure: null,
        reportContents: [],
        criteria: v1.criteria.map((c) => ({ ...c, family: c.code, textSource: 'statute' as const })),
      },
    ],
    notes: v1.notes,
    sources: v1.sources,
  } as Statute;
}
