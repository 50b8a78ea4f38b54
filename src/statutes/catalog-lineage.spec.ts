import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadStatuteCatalog } from './statute-catalog';
import { STATUTE_DIR } from './statutes.module';
import { criteriaOf, diffCriteria, lineageOf } from './criterion-lineage';

const shipped = (file: string) => JSON.parse(fs.readFileSync(path.join(STATUTE_DIR, file), 'utf8'));

describe('catalog lineage', () => {
  it('refuses a predecessor that is not in the catalog, with one line naming the file and field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-lineage-'));
    fs.writeFileSync(path.join(dir, 'co.json'), JSON.stringify({ ...shipped('pl117-103-co-fy2022.json'), predecessor: 'PL999-1-NOPE' }));
    let message = '';
    try {
      loadStatuteCatalog(dir);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/co\.json: field 'predecessor': PL999-1-NOPE/);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('links Colombia FY2020 to FY2026 into one lineage whose families carry across years', () => {
    const catalog = new Map(loadStatuteCatalog(STATUTE_DIR).map((s) => [s.id, s]));
    const colombia = lineageOf(catalog, 'PL117-103-CO-FY2022');
    expect(colombia.map((s) => s.id).slice(0, 3)).toEqual(['PL116-94-CO-FY2020', 'PL117-103-CO-FY2022', 'PL118-47-CO-FY2024']);
    expect(colombia.map((s) => s.id)).toContain('HR7148-119-CO-FY2026');
    // The FMF human-rights criteria grow from three to four to five.
    const fmf = (s: (typeof colombia)[number]) => criteriaOf(s).filter((c) => c.family.startsWith('CO-HR-') && c.family !== 'CO-HR-POLICE-PROTESTS');
    expect(colombia.slice(0, 3).map((s) => fmf(s).length)).toEqual([3, 4, 5]);
    const later = diffCriteria(colombia[1], colombia[2]);
    expect(later.pairs.filter((p) => !p.diff.changed).map((p) => p.family)).toEqual(
      expect.arrayContaining(['CO-HR-JEP-ACCOUNTABILITY', 'CO-HR-DEFENDERS-PROTECTION', 'CO-HR-AFRO-INDIGENOUS']),
    );
  });
});
