import { amendmentsAffecting, criteriaOf, diffCriteria, earlierText, fiscalYearLabel, lineageOf, LineageStatute } from './criterion-lineage';

// Colombia's FMF human-rights criteria, FY2020 (iii) and FY2022 (B)(i)(IV), from the enrolled bills.
const FALSE_POSITIVES_2020 =
  'senior military officers responsible for ordering, committing, and covering up cases of false positives are being held accountable, including removal from active duty if found guilty through criminal or disciplinary proceedings';
const FALSE_POSITIVES_2022 =
  'military officers credibly alleged, or whose units are credibly alleged, to be responsible for ordering, committing, and covering up cases of false positives and other extrajudicial killings, or of committing other gross violations of human rights, or of conducting illegal communications intercepts or other illicit surveillance, are being held accountable, including removal from active duty if found guilty through criminal, administrative, or disciplinary proceedings';

const criterion = (code: string, family: string, text: string) => ({ code, family, title: `Criterion ${code}`, text, textStatus: 'verbatim', citation: `cite ${code}` });

const fy2020: LineageStatute = {
  id: 'CO-FY2020',
  fiscalYears: [2020],
  predecessor: null,
  tranches: [
    { code: 'A', criteria: [criterion('CO20-CN', 'CO-CN-STRATEGY', 'continuing to implement a national whole-of-government counternarcotics strategy')] },
    {
      code: 'B',
      criteria: [
        criterion('CO20-DEFENDERS', 'CO-HR-DEFENDERS', 'taking effective steps to prevent attacks against human rights defenders'),
        criterion('CO20-FP', 'CO-HR-FALSE-POSITIVES', FALSE_POSITIVES_2020),
        criterion('CO20-OLD', 'CO-HR-DROPPED', 'a requirement the later act no longer carries'),
      ],
    },
  ],
};

const fy2022: LineageStatute = {
  id: 'CO-FY2022',
  fiscalYears: [2022],
  predecessor: 'CO-FY2020',
  tranches: [
    {
      code: 'B',
      criteria: [
        criterion('CO22-FP', 'CO-HR-FALSE-POSITIVES', FALSE_POSITIVES_2022),
        criterion('CO22-ETHNIC', 'CO-HR-ETHNIC-COMMUNITIES', 'making consistent progress in protecting Afro-Colombian and Indigenous communities'),
        criterion('CO22-DEFENDERS', 'CO-HR-DEFENDERS', 'taking effective steps to prevent attacks against human rights defenders'),
      ],
    },
  ],
};

const fy2024: LineageStatute = { id: 'CO-FY2024', fiscalYears: [2024], predecessor: 'CO-FY2022', tranches: [{ code: 'B', criteria: [criterion('CO24-CN', 'CO-CN-STRATEGY', 'a new counternarcotics strategy')] }] };

describe('criterion lineage', () => {
  it('lists criteria with their tranche in statutory order', () => {
    expect(criteriaOf(fy2020).map((c) => `${c.tranche}:${c.code}`)).toEqual(['A:CO20-CN', 'B:CO20-DEFENDERS', 'B:CO20-FP', 'B:CO20-OLD']);
  });

  it('pairs criteria by family, diffs each pair, and names what was added and removed', () => {
    const diff = diffCriteria(fy2020, fy2022);
    expect(diff.pairs.map((p) => [p.family, p.from.code, p.to.code])).toEqual([
      ['CO-HR-FALSE-POSITIVES', 'CO20-FP', 'CO22-FP'],
      ['CO-HR-DEFENDERS', 'CO20-DEFENDERS', 'CO22-DEFENDERS'],
    ]);
    const falsePositives = diff.pairs[0].diff;
    expect(falsePositives.changed).toBe(true);
    expect(falsePositives.deleted).toContain('senior');
    expect(falsePositives.inserted).toContain('credibly alleged, or whose units are credibly alleged, to be');
    expect(falsePositives.summary).toMatch(/^adds: “credibly alleged, or whose units are credibly alleged, to be”/);
    expect(diff.pairs[1].diff.changed).toBe(false);
    expect(diff.added.map((c) => c.code)).toEqual(['CO22-ETHNIC']);
    expect(diff.removed.map((c) => c.code)).toEqual(['CO20-CN', 'CO20-OLD']);
  });

  it('finds the same family in the nearest earlier provision of the lineage, skipping those without it', () => {
    const catalog = new Map([fy2020, fy2022, fy2024].map((s) => [s.id, s]));
    const found = earlierText(catalog, fy2024, 'CO-CN-STRATEGY', 'a new counternarcotics strategy');
    expect(found?.statute.id).toBe('CO-FY2020');
    expect(found?.criterion.code).toBe('CO20-CN');
    expect(found?.diff.summary).toBe('adds: “new”; removes: “continuing to implement”, “national whole-of-government”');
    expect(earlierText(catalog, fy2022, 'CO-HR-ETHNIC-COMMUNITIES', 'x')).toBeNull();
    expect(earlierText(catalog, fy2020, 'CO-HR-DEFENDERS', 'x')).toBeNull();
  });

  it('stops on a predecessor loop instead of walking forever', () => {
    const a: LineageStatute = { id: 'A', fiscalYears: [2020], predecessor: 'B', tranches: [] };
    const b: LineageStatute = { id: 'B', fiscalYears: [2019], predecessor: 'A', tranches: [] };
    expect(earlierText(new Map([a, b].map((s) => [s.id, s])), a, 'F', 'x')).toBeNull();
  });

  it('labels fiscal years', () => {
    expect(fiscalYearLabel({ fiscalYears: [2022] })).toBe('FY2022');
    expect(fiscalYearLabel({ fiscalYears: [2009, 2008] })).toBe('FY2008-FY2009');
  });

  it('collects a lineage either way along predecessor links, oldest first', () => {
    const other: LineageStatute = { id: 'NT-FY2020', fiscalYears: [2020], predecessor: null, tranches: [] };
    const catalog = new Map([fy2024, other, fy2020, fy2022].map((s) => [s.id, s]));
    expect(lineageOf(catalog, 'CO-FY2022').map((s) => s.id)).toEqual(['CO-FY2020', 'CO-FY2022', 'CO-FY2024']);
    expect(lineageOf(catalog, 'CO-FY2020').map((s) => s.id)).toEqual(['CO-FY2020', 'CO-FY2022', 'CO-FY2024']);
    expect(lineageOf(catalog, 'NT-FY2020').map((s) => s.id)).toEqual(['NT-FY2020']);
    expect(lineageOf(catalog, 'NOPE')).toEqual([]);
  });

  it('names the changes a provision makes to an earlier year\'s conditions, for cycles of that year only', () => {
    const nt: LineageStatute = {
      id: 'NT-FY2020', fiscalYears: [2020], predecessor: null, tranches: [],
      amends: [{ fiscalYears: [2019], effect: 'FY2019 funds are subject to paragraph (2)', textStatus: 'paraphrase', citation: 'sec. 7045(a)(1)(B)' }],
    };
    const catalog = new Map([[nt.id, nt]]);
    expect(amendmentsAffecting(catalog, 'NT-FY2020', 2019)).toEqual([
      { statuteId: 'NT-FY2020', fiscalYears: [2019], effect: 'FY2019 funds are subject to paragraph (2)', textStatus: 'paraphrase', citation: 'sec. 7045(a)(1)(B)' },
    ]);
    expect(amendmentsAffecting(catalog, 'NT-FY2020', 2020)).toEqual([]);
  });
});
