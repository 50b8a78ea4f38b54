import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allCriteria, loadStatuteCatalog } from './statute-catalog';
import { STATUTE_DIR } from './statutes.module';
import { isLegacyStatute, upgradeLegacyStatute } from './legacy-statute';

function catalogDir(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const shipped = (file = 'mx-fy2009.json') => JSON.parse(fs.readFileSync(path.join(STATUTE_DIR, file), 'utf8'));
const alone = () => ({ ...shipped(), predecessor: null });
/** Loading one changed copy of the FY2009 file must fail with exactly this one line. */
const refusal = (change: (s: any) => void) => {
  const bad = alone();
  change(bad);
  try {
    loadStatuteCatalog(catalogDir({ 'bad.json': bad }));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the file to be refused');
};

describe('statute catalog v2', () => {
  it('loads every shipped file, with criteria in statutory order', () => {
    const catalog = loadStatuteCatalog(STATUTE_DIR);
    const byId = new Map(catalog.map((s) => [s.id, s]));
    expect(byId.get('PL111-8-MX')!.tranches.map((t) => t.code)).toEqual(['A']);
    expect(allCriteria(byId.get('PL111-8-MX')!).map((c) => c.code)).toEqual(['MX-FY09-POLICE', 'MX-FY09-CONSULT', 'MX-FY09-CIVILIAN-PROSECUTION', 'MX-FY09-TORTURE-TESTIMONY']);
    expect(byId.get('PL117-103-CO-FY2022')!.tranches.map((t) => t.code)).toEqual(['A', 'B-I', 'B-II']);
    expect(byId.get('PL116-94-NT-FY2020')!.recipients.map((r) => r.name)).toContain('the Government of Honduras');
  });

  it.each([
    ['an unknown enum value', (s: any) => (s.tranches[0].criteria[1].textStatus = 'probably'), /bad\.json: field 'tranches\[0\]\.criteria\[1\]\.textStatus'/],
    ['an unknown field', (s: any) => (s.extra = 1), /bad\.json: field 'extra'/],
    ['an unknown nested field', (s: any) => (s.tranches[0].share.dollars = 5), /bad\.json: field 'tranches\[0\]\.share\.dollars'/],
    ['both share kinds', (s: any) => (s.tranches[0].share = { percent: 15, amountCents: 100 }), /bad\.json: field 'tranches\[0\]\.share': exactly one/],
    ['no share kind', (s: any) => (s.tranches[0].share = {}), /bad\.json: field 'tranches\[0\]\.share': exactly one/],
    ['a percent with three decimals', (s: any) => (s.tranches[0].share = { percent: 15.125 }), /field 'tranches\[0\]\.share\.percent'/],
    ['a date that is no calendar day', (s: any) => (s.act.enacted = '2009-02-30'), /field 'act\.enacted'/],
    ['a missing nullable field', (s: any) => delete s.fundsAvailableUntil, /field 'fundsAvailableUntil'/],
    ['a tranche without criteria', (s: any) => (s.tranches[0].criteria = []), /field 'tranches\[0\]\.criteria'/],
    ['duplicate tranche codes', (s: any) => s.tranches.push({ ...s.tranches[0], criteria: [] }), /bad\.json: field 'tranches\[1\]\.criteria'|duplicate tranche/],
    ['duplicate recipients', (s: any) => s.recipients.push(s.recipients[0]), /field 'recipients\[1\]\.code': duplicate/],
    ['a bad recipient code', (s: any) => (s.recipients[0].code = 'mex'), /field 'recipients\[0\]\.code'/],
    ['text not in NFC', (s: any) => (s.title = 'Me\u0301xico condition'), /field 'title': not in Unicode NFC/],
    ['a lone surrogate', (s: any) => (s.notes = 'bad \ud800 text'), /field 'notes': not well-formed Unicode/],
    ['a predecessor not in the catalog', (s: any) => (s.predecessor = 'PL1-1-NOWHERE'), /field 'predecessor': PL1-1-NOWHERE is not in the catalog/],
    ['a missing schema version', (s: any) => delete s.schemaVersion, /field 'schemaVersion'/],
  ])('refuses %s with one line naming file and field', (_what, change, expected) => {
    const message = refusal(change);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('refuses bad JSON, duplicate ids and duplicate criterion codes across files', () => {
    expect(() => loadStatuteCatalog(catalogDir({ 'a.json': '{ nope' }))).toThrow(/a\.json: not valid JSON/);
    expect(() => loadStatuteCatalog(catalogDir({ 'a.json': alone(), 'b.json': alone() }))).toThrow(/b\.json: field 'id'/);
    const twin = { ...alone(), id: 'OTHER-ID' };
    expect(() => loadStatuteCatalog(catalogDir({ 'a.json': alone(), 'b.json': twin }))).toThrow(/criterion code MX-FY09-POLICE already used/);
    expect(() => loadStatuteCatalog(catalogDir({}))).toThrow(/holds no \.json file/);
  });

  it('reads a version stored before catalog v2 as one tranche with the same criteria', () => {
    const v1 = {
      id: 'PL111-8-MX', title: 'Mexico condition', act: 'Pub. L. 111-8, Div. H', section: 'sec. 7045(e)', citation: 'cite', country: 'Mexico', account: 'INCLE',
      withheldPercent: 15, mechanism: 'report', nationalSecurityWaiver: false, fiscalYears: [2009], heading: 'heading text', headingTextStatus: 'verbatim',
      notes: '', sources: [], criteria: [{ code: 'MX-FY09-POLICE', title: 'Police', text: 'the old wording', textStatus: 'verbatim', citation: 'c' }],
    };
    expect(isLegacyStatute(v1)).toBe(true);
    expect(isLegacyStatute(alone())).toBe(false);
    const upgraded = upgradeLegacyStatute(v1);
    expect(upgraded.recipients).toEqual([{ code: 'MX', name: 'the Government of Mexico' }]);
    expect(upgraded.tranches).toMatchObject([{ code: 'A', share: { percent: 15 }, mechanism: 'report', criteria: [{ code: 'MX-FY09-POLICE', text: 'the old wording' }] }]);
  });
});
