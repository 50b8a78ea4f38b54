import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadStatuteCatalog } from './statute-catalog';
import { STATUTE_DIR } from './statutes.module';

function catalogDir(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const shipped = () => JSON.parse(fs.readFileSync(path.join(STATUTE_DIR, 'mx-fy2009.json'), 'utf8'));

describe('statute catalog', () => {
  it('ships the FY2009 and FY2014 Mexico regimes and Central America FY2008', () => {
    const catalog = loadStatuteCatalog(STATUTE_DIR);
    const byId = new Map(catalog.map((s) => [s.id, s]));
    expect([...byId.keys()].sort()).toEqual(['PL110-252-CA', 'PL111-8-MX', 'PL113-76-MX']);
    const fy09 = byId.get('PL111-8-MX')!;
    expect(fy09).toMatchObject({ withheldPercent: 15, mechanism: 'report', country: 'Mexico' });
    expect(fy09.criteria.map((c) => c.code)).toEqual(['MX-FY09-POLICE', 'MX-FY09-CONSULT', 'MX-FY09-CIVILIAN-PROSECUTION', 'MX-FY09-TORTURE-TESTIMONY']);
    expect(fy09.criteria.every((c) => c.textStatus === 'verbatim')).toBe(true);
    expect(fy09.criteria[3].text).toContain('enforce the prohibition, in accordance with Mexican and international law, on the use of testimony obtained through torture or other ill-treatment');
    const fy14 = byId.get('PL113-76-MX')!;
    expect(fy14.criteria.map((c) => c.code)).toEqual(['MX-FY14-TORTURE', 'MX-FY14-MIL-DETAINEES', 'MX-FY14-DISAPPEARED-SEARCH', 'MX-FY14-DISAPPEARED-PROSECUTE']);
    // The fact sheet has only fragments of the FY2014 text: it must be marked paraphrase.
    expect(fy14.criteria.every((c) => c.textStatus === 'paraphrase')).toBe(true);
  });

  it('names the file and the field of a bad entry', () => {
    const bad = shipped();
    bad.criteria[1].textStatus = 'probably';
    const dir = catalogDir({ 'bad.json': bad });
    expect(() => loadStatuteCatalog(dir)).toThrow(/bad\.json: field 'criteria\[1\]\.textStatus'/);
  });

  it('refuses unknown fields, bad JSON, duplicate ids and duplicate criterion codes', () => {
    expect(() => loadStatuteCatalog(catalogDir({ 'a.json': { ...shipped(), extra: 1 } }))).toThrow(/a\.json: field 'extra'/);
    expect(() => loadStatuteCatalog(catalogDir({ 'a.json': '{ nope' }))).toThrow(/a\.json: not valid JSON/);
    expect(() => loadStatuteCatalog(catalogDir({ 'a.json': shipped(), 'b.json': shipped() }))).toThrow(/b\.json: field 'id'/);
    const twin = { ...shipped(), id: 'OTHER-ID' };
    expect(() => loadStatuteCatalog(catalogDir({ 'a.json': shipped(), 'b.json': twin }))).toThrow(/criterion code MX-FY09-POLICE already used/);
    expect(() => loadStatuteCatalog(catalogDir({}))).toThrow(/holds no \.json file/);
  });
});
