import * as fs from 'node:fs';
import * as path from 'node:path';

// Checks the catalog's facts against the reference texts it cites. Reads the JSON with plain
// JSON.parse so that a fact error is reported even while the loader is being changed.

interface Criterion { code: string; family: string; text: string; textStatus: string; textSource: string }
interface Tranche {
  code: string;
  share: { percent?: number; amountCents?: number };
  exceptions: string[];
  reportContents: string[];
  waiver: { standard: string; justificationReport: string } | null;
  criteria: Criterion[];
}
interface Provision {
  id: string;
  fiscalYears: number[];
  heading: string;
  headingTextStatus: string;
  predecessor: string | null;
  amends?: { effect: string; textStatus: string }[];
  tranches: Tranche[];
  notes: string;
  sources: string[];
}

const REPO = path.resolve(__dirname, '..', '..');
const CATALOG_DIR = path.join(REPO, 'data', 'statutes');
const REFERENCE_DIR = path.resolve(REPO, '..', 'shared', 'reference');
const VERBATIM = new Set(['verbatim', 'verbatim_secondary']);

const files = fs.readdirSync(CATALOG_DIR).filter((name) => name.endsWith('.json')).sort();
const catalog: { file: string; provision: Provision }[] = files.map((file) => ({
  file,
  provision: JSON.parse(fs.readFileSync(path.join(CATALOG_DIR, file), 'utf8')) as Provision,
}));
const byId = new Map(catalog.map(({ provision }) => [provision.id, provision]));

/** Whitespace collapsed, every kind of quotation mark one character (the GPO files write `''`). */
function normalise(text: string): string {
  return text
    .normalize('NFC')
    .replace(/''/g, '"')
    .replace(/[\u2018\u2019\u201C\u201D'"]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

const families = (provision: Provision) => provision.tranches.flatMap((t) => t.criteria.map((c) => c.family));
const referenceSources = (provision: Provision) => provision.sources.filter((s) => s.startsWith('shared/reference/'));

/** The reference files a provision's text must be found in: its statute files when it cites any, else the other reference files it cites. */
function citedTexts(provision: Provision): { name: string; text: string }[] {
  const cited = referenceSources(provision);
  const statutes = cited.filter((s) => /^shared\/reference\/statutes\/[^/]+\.txt$/.test(s));
  return (statutes.length > 0 ? statutes : cited).map((name) => ({
    name,
    text: normalise(fs.readFileSync(path.join(REFERENCE_DIR, name.slice('shared/reference/'.length)), 'utf8')),
  }));
}

// A by_reference criterion quotes the statute's pointer to the explanatory statement.
const statesStatuteWords = (c: Criterion) => VERBATIM.has(c.textStatus) || (c.textStatus === 'by_reference' && c.textSource === 'statute');

/** Every text the provision states as the statute's words, with where it sits. */
function verbatimTexts(provision: Provision): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  if (VERBATIM.has(provision.headingTextStatus)) out.push({ where: 'heading', text: provision.heading });
  (provision.amends ?? []).forEach((a, i) => VERBATIM.has(a.textStatus) && out.push({ where: `amends[${i}].effect`, text: a.effect }));
  for (const t of provision.tranches) {
    // Exceptions, report contents and waiver terms carry no status of their own: this catalog keeps
    // them in the statute's words and puts any paraphrase in `base` or `notes`.
    t.exceptions.forEach((text, i) => out.push({ where: `tranche ${t.code} exceptions[${i}]`, text }));
    t.reportContents.forEach((text, i) => out.push({ where: `tranche ${t.code} reportContents[${i}]`, text }));
    if (t.waiver) {
      out.push({ where: `tranche ${t.code} waiver.standard`, text: t.waiver.standard });
      out.push({ where: `tranche ${t.code} waiver.justificationReport`, text: t.waiver.justificationReport });
    }
    for (const c of t.criteria) if (statesStatuteWords(c)) out.push({ where: `criterion ${c.code}`, text: c.text });
  }
  return out;
}

// How far before a tranche's first criterion its share may stand (the lead-in; the fact sheet adds a source line).
const LEAD_IN_CHARS = 800;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const NUMBER_WORDS: Record<number, string> = { 5: 'five', 10: 'ten', 15: 'fifteen', 20: 'twenty', 25: 'twenty-five', 30: 'thirty', 50: 'fifty' };

/** How the statute can write a share: "20 percent", "Fifteen percent", "$300,000,000". */
function shareSpellings(share: Tranche['share']): string[] {
  if (share.amountCents !== undefined) {
    const dollars = share.amountCents / 100;
    return [`$${dollars.toLocaleString('en-US', { minimumFractionDigits: Number.isInteger(dollars) ? 0 : 2 })}`];
  }
  const p = share.percent as number;
  return [`${p} percent`, ...(NUMBER_WORDS[p] ? [`${NUMBER_WORDS[p]} percent`] : [])];
}

function ancestors(provision: Provision): Set<string> {
  const seen = new Set<string>();
  for (let p = provision.predecessor; p && !seen.has(p); p = byId.get(p)?.predecessor ?? null) seen.add(p);
  return seen;
}

describe('statute catalog: identity and links', () => {
  it('holds every regime of the reference texts', () => {
    expect(catalog.length).toBeGreaterThanOrEqual(17);
  });

  it('has unique ids and criterion codes unique across the catalog', () => {
    const ids = catalog.map(({ provision }) => provision.id);
    expect(new Set(ids).size).toBe(ids.length);
    const codes = catalog.flatMap(({ provision }) => provision.tranches.flatMap((t) => t.criteria.map((c) => c.code)));
    const duplicates = codes.filter((code, i) => codes.indexOf(code) !== i);
    expect(duplicates).toEqual([]);
  });

  it('names each file after its id, the three files that predate the naming rule excepted', () => {
    const legacy: Record<string, string> = { 'ca-fy2008.json': 'PL110-252-CA', 'mx-fy2009.json': 'PL111-8-MX', 'mx-fy2014.json': 'PL113-76-MX' };
    for (const { file, provision } of catalog) {
      expect({ file, id: provision.id }).toEqual({ file, id: legacy[file] ?? file.replace(/\.json$/, '').toUpperCase() });
    }
  });

  it('keeps the criterion codes that existing cycles reference', () => {
    const codes = (id: string) => byId.get(id)?.tranches.flatMap((t) => t.criteria.map((c) => c.code));
    expect(codes('PL111-8-MX')).toEqual(['MX-FY09-POLICE', 'MX-FY09-CONSULT', 'MX-FY09-CIVILIAN-PROSECUTION', 'MX-FY09-TORTURE-TESTIMONY']);
    expect(codes('PL113-76-MX')).toEqual(['MX-FY14-TORTURE', 'MX-FY14-MIL-DETAINEES', 'MX-FY14-DISAPPEARED-SEARCH', 'MX-FY14-DISAPPEARED-PROSECUTE']);
    expect(codes('PL110-252-CA')).toEqual(['CA-FY08-POLICE-COMPLAINTS', 'CA-FY08-JUDICIARY', 'CA-FY08-PROSECUTE']);
  });

  it('has tranche codes unique within each provision and a family used once per provision', () => {
    for (const { file, provision } of catalog) {
      const tranches = provision.tranches.map((t) => t.code);
      expect({ file, duplicates: tranches.filter((c, i) => tranches.indexOf(c) !== i) }).toEqual({ file, duplicates: [] });
      const fams = families(provision);
      expect({ file, duplicates: fams.filter((f, i) => fams.indexOf(f) !== i) }).toEqual({ file, duplicates: [] });
    }
  });

  it('links each predecessor to an existing, earlier provision without cycles', () => {
    for (const { file, provision } of catalog) {
      if (provision.predecessor === null) continue;
      const predecessor = byId.get(provision.predecessor);
      expect({ file, predecessor: provision.predecessor, exists: predecessor !== undefined }).toEqual({ file, predecessor: provision.predecessor, exists: true });
      expect(Math.max(...predecessor!.fiscalYears)).toBeLessThan(Math.min(...provision.fiscalYears));
      expect(ancestors(provision).has(provision.id)).toBe(false);
    }
  });

  it('shares a family only between provisions of one predecessor chain', () => {
    const holders = new Map<string, string[]>();
    for (const { provision } of catalog) for (const f of families(provision)) holders.set(f, [...(holders.get(f) ?? []), provision.id]);
    for (const [family, ids] of holders) {
      for (const a of ids) {
        for (const b of ids) {
          if (a === b) continue;
          const linked = ancestors(byId.get(a)!).has(b) || ancestors(byId.get(b)!).has(a);
          expect({ family, a, b, linked }).toEqual({ family, a, b, linked: true });
        }
      }
    }
  });
});

// What each year-over-year link is meant to show; a new predecessor link must be added here.
const PAIRING: Record<string, { continued: string[]; added: string[]; dropped: string[] }> = {
  'PL113-76-MX': {
    continued: [],
    added: ['MX-HR-TORTURE-PROHIBITION', 'MX-HR-MILITARY-DETAINEES', 'MX-HR-DISAPPEARED-SEARCH', 'MX-HR-DISAPPEARED-PROSECUTE'],
    dropped: ['MX-HR-POLICE-ACCOUNTABILITY', 'MX-HR-CIVIL-SOCIETY-CONSULTATION', 'MX-HR-CIVILIAN-PROSECUTION', 'MX-HR-TORTURE-TESTIMONY'],
  },
  'PL117-103-NT-FY2022': {
    continued: ['NT-GOV-CORRUPTION', 'NT-GOV-REFORMS-TRANSPARENCY', 'NT-HR-CIVIL-SOCIETY-MEDIA', 'NT-HR-LAW-ENFORCEMENT-DUE-PROCESS', 'NT-ECON-POVERTY-GROWTH', 'NT-SEC-TRANSNATIONAL-CRIME', 'NT-MIG-IRREGULAR-MIGRATION'],
    added: ['NT-ECON-INVESTMENT-CLIMATE'],
    dropped: ['NT-GOV-JUDICIAL-ELECTORAL-INDEPENDENCE', 'NT-MIG-BORDER-SECURITY'],
  },
  'PL118-47-NT-FY2024': {
    continued: ['NT-GOV-CORRUPTION', 'NT-GOV-REFORMS-TRANSPARENCY', 'NT-HR-CIVIL-SOCIETY-MEDIA', 'NT-HR-LAW-ENFORCEMENT-DUE-PROCESS', 'NT-ECON-POVERTY-GROWTH', 'NT-SEC-TRANSNATIONAL-CRIME', 'NT-MIG-IRREGULAR-MIGRATION', 'NT-ECON-INVESTMENT-CLIMATE'],
    added: ['NT-HR-VIOLENCE-AGAINST-WOMEN', 'NT-MIG-RETURNS-REINTEGRATION'],
    dropped: [],
  },
  'HR7148-119-NT-FY2026': {
    continued: ['NT-GOV-CORRUPTION', 'NT-GOV-REFORMS-TRANSPARENCY', 'NT-HR-CIVIL-SOCIETY-MEDIA', 'NT-MIG-IRREGULAR-MIGRATION', 'NT-HR-LAW-ENFORCEMENT-DUE-PROCESS', 'NT-HR-VIOLENCE-AGAINST-WOMEN', 'NT-ECON-POVERTY-GROWTH', 'NT-SEC-TRANSNATIONAL-CRIME', 'NT-MIG-RETURNS-REINTEGRATION', 'NT-ECON-INVESTMENT-CLIMATE'],
    added: [],
    dropped: [],
  },
  'PL117-103-CO-FY2022': {
    continued: ['CO-CN-COCA-REDUCTION', 'CO-HR-JEP-ACCOUNTABILITY', 'CO-HR-DEFENDERS-PROTECTION', 'CO-HR-FALSE-POSITIVES-ACCOUNTABILITY'],
    added: ['CO-CN-PEACE-ACCORD', 'CO-CN-NETWORKS-FARMERS', 'CO-HR-AFRO-INDIGENOUS', 'CO-HR-POLICE-PROTESTS'],
    dropped: [],
  },
  'PL118-47-CO-FY2024': {
    continued: ['CO-CN-COCA-REDUCTION', 'CO-HR-JEP-ACCOUNTABILITY', 'CO-HR-DEFENDERS-PROTECTION', 'CO-HR-AFRO-INDIGENOUS', 'CO-HR-FALSE-POSITIVES-ACCOUNTABILITY'],
    added: ['CO-CN-US-COOPERATION', 'CO-CN-EXTRADITION', 'CO-HR-ARMED-FORCES-COOPERATION'],
    dropped: ['CO-CN-PEACE-ACCORD', 'CO-CN-NETWORKS-FARMERS', 'CO-HR-POLICE-PROTESTS'],
  },
  'HR7148-119-CO-FY2026': {
    continued: ['CO-CN-COCA-REDUCTION', 'CO-CN-US-COOPERATION', 'CO-CN-EXTRADITION'],
    added: ['CO-BY-REFERENCE-EXPLANATORY-STATEMENT'],
    dropped: ['CO-HR-JEP-ACCOUNTABILITY', 'CO-HR-DEFENDERS-PROTECTION', 'CO-HR-AFRO-INDIGENOUS', 'CO-HR-FALSE-POSITIVES-ACCOUNTABILITY', 'CO-HR-ARMED-FORCES-COOPERATION'],
  },
  'HR7148-119-MX-FY2026': {
    continued: ['MX-CN-FENTANYL', 'MX-CN-TCO', 'MX-CN-JOINT-OPERATIONS', 'MX-CN-EXTRADITION'],
    added: ['MX-TREATY-WATER-DELIVERIES', 'MX-CN-FEDERAL-STATE-ENGAGEMENT'],
    dropped: [],
  },
  'PL117-103-EG-FY2022': {
    continued: ['EG-HR-RULE-OF-LAW', 'EG-HR-FREEDOMS', 'EG-HR-SECURITY-FORCES-ACCOUNTABILITY', 'EG-HR-KILLINGS-DISAPPEARANCES', 'EG-GOV-MONITORING-ACCESS', 'EG-HR-POLITICAL-PRISONERS'],
    added: ['EG-HR-AMERICAN-CITIZENS'],
    dropped: [],
  },
  // From FY2024 the Egypt requirements sit in the explanatory statement, not in the act.
  'PL118-47-EG-FY2024': {
    continued: [],
    added: ['EG-BY-REFERENCE-EXPLANATORY-STATEMENT'],
    dropped: ['EG-HR-RULE-OF-LAW', 'EG-HR-FREEDOMS', 'EG-HR-SECURITY-FORCES-ACCOUNTABILITY', 'EG-HR-KILLINGS-DISAPPEARANCES', 'EG-GOV-MONITORING-ACCESS', 'EG-HR-POLITICAL-PRISONERS', 'EG-HR-AMERICAN-CITIZENS'],
  },
  'HR7148-119-EG-FY2026': { continued: ['EG-BY-REFERENCE-EXPLANATORY-STATEMENT'], added: [], dropped: [] },
};

describe('statute catalog: families pair across fiscal years', () => {
  it('states the intended pairing for every predecessor link', () => {
    const linked = catalog.filter(({ provision }) => provision.predecessor !== null).map(({ provision }) => provision.id).sort();
    expect(linked).toEqual(Object.keys(PAIRING).sort());
  });

  it.each(Object.entries(PAIRING))('%s pairs with its predecessor as intended', (id, expected) => {
    const provision = byId.get(id)!;
    const now = families(provision);
    const before = families(byId.get(provision.predecessor!)!);
    expect({
      continued: now.filter((f) => before.includes(f)).sort(),
      added: now.filter((f) => !before.includes(f)).sort(),
      dropped: before.filter((f) => !now.includes(f)).sort(),
    }).toEqual({ continued: [...expected.continued].sort(), added: [...expected.added].sort(), dropped: [...expected.dropped].sort() });
  });

  const count = (id: string, code: string) => byId.get(id)!.tranches.find((t) => t.code === code)!.criteria.length;

  it('grows Colombia FMF criteria 3 -> 4 -> 5 and Northern Triangle criteria 9 -> 8 -> 10 -> 10', () => {
    expect([count('PL116-94-CO-FY2020', 'B'), count('PL117-103-CO-FY2022', 'B-I'), count('PL118-47-CO-FY2024', 'B')]).toEqual([3, 4, 5]);
    expect(['PL116-94-NT-FY2020', 'PL117-103-NT-FY2022', 'PL118-47-NT-FY2024', 'HR7148-119-NT-FY2026'].map((id) => count(id, 'A'))).toEqual([9, 8, 10, 10]);
  });

  it('moves Egypt political prisoners from the waivable to the non-waivable withholding', () => {
    const tranche = (id: string, family: string) => byId.get(id)!.tranches.find((t) => t.criteria.some((c) => c.family === family))!;
    expect(tranche('PL116-94-EG-FY2020', 'EG-HR-POLITICAL-PRISONERS').waiver).not.toBeNull();
    expect(tranche('PL117-103-EG-FY2022', 'EG-HR-POLITICAL-PRISONERS').waiver).toBeNull();
  });
});

const referencePresent = fs.existsSync(path.join(REFERENCE_DIR, 'statutes'));
if (!referencePresent) {
  console.warn(`catalog-facts: SKIPPING the text checks, reference folder ${REFERENCE_DIR} is absent`);
}
const describeWithReference = referencePresent ? describe : describe.skip;

describeWithReference(`statute catalog: facts against the reference texts in ${REFERENCE_DIR}`, () => {
  it('cites only reference files that exist', () => {
    for (const { file, provision } of catalog) {
      for (const source of referenceSources(provision)) {
        const exists = fs.existsSync(path.join(REFERENCE_DIR, source.slice('shared/reference/'.length)));
        expect({ file, source, exists }).toEqual({ file, source, exists: true });
      }
    }
  });

  it.each(catalog.map(({ file, provision }) => [file, provision] as const))('%s: every verbatim text occurs in a cited reference file', (file, provision) => {
    const texts = verbatimTexts(provision);
    if (texts.length === 0) return;
    const cited = citedTexts(provision);
    expect({ file, citesReference: cited.length > 0 }).toEqual({ file, citesReference: true });
    const missing = texts.filter(({ text }) => !cited.some((ref) => ref.text.includes(normalise(text)))).map(({ where }) => where);
    expect({ file, missing }).toEqual({ file, missing: [] });
  });

  it.each(catalog.map(({ file, provision }) => [file, provision] as const))('%s: every share appears in the cited text, before its criteria', (file, provision) => {
    const cited = citedTexts(provision).map((ref) => ref.text.toLowerCase());
    for (const tranche of provision.tranches) {
      if (tranche.share.percent === 100) {
        // A bar on all assistance until a certification ("None of the funds ... until") is carried
        // as 100 percent of the assistance; the statute then writes no percentage.
        const bar = cited.some((text) => text.includes('none of the funds')) && provision.notes.includes('100 percent');
        expect({ file, tranche: tranche.code, bar }).toEqual({ file, tranche: tranche.code, bar: true });
        continue;
      }
      // Where the first criterion is the statute's words, the share must be in the lead-in just before it.
      const first = tranche.criteria[0];
      const scopes = cited.flatMap((text) => {
        const at = statesStatuteWords(first) ? text.indexOf(normalise(first.text).toLowerCase()) : -1;
        return at >= 0 ? [text.slice(Math.max(0, at - LEAD_IN_CHARS), at)] : statesStatuteWords(first) ? [] : [text];
      });
      const found = shareSpellings(tranche.share).some((s) => scopes.some((scope) => new RegExp(`(^|[^\\w$,.-])${escapeRegExp(s.toLowerCase())}`).test(scope)));
      expect({ file, tranche: tranche.code, share: tranche.share, found }).toEqual({ file, tranche: tranche.code, share: tranche.share, found: true });
    }
  });

  it('refuses a verbatim text with one word changed', () => {
    const provision = byId.get('PL116-94-NT-FY2020')!;
    const cited = citedTexts(provision);
    const original = provision.tranches[0].criteria[0].text;
    const altered = original.replace('corruption', 'corrosion');
    expect(altered).not.toBe(original);
    expect(cited.some((ref) => ref.text.includes(normalise(original)))).toBe(true);
    expect(cited.some((ref) => ref.text.includes(normalise(altered)))).toBe(false);
  });

  it('normalises quotation marks and spacing the way the enrolled-bill files write them', () => {
    expect(normalise("under the heading ''Economic Support Fund''\n and")).toBe(normalise('under the heading "Economic Support Fund" and'));
    expect(normalise('women’s')).toBe(normalise("women's"));
  });
});
