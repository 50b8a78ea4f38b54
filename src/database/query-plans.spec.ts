import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

// The hot reads keep their index when the journal has grown far past its statistics
// (analysed at 400 rows, then filled to 100,000 without ANALYZE), as after a bulk load.
describe('query plans on SQLite with stale statistics', () => {
  let dir: string;
  let dataSource: DataSource;
  const fill = (from: number, to: number) =>
    dataSource.query(
      `WITH RECURSIVE n(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM n WHERE i < ${to}) INSERT INTO journal (seq, at, entity_type, entity_id, cycle_id, case_id, event, actor, payload, prev_hash, hash) ` +
        "SELECT i, '2030-01-01', CASE WHEN i % 20 < 17 THEN 'case' ELSE 'cycle' END, 'C' || (i % 500), 'Y' || (i % 500), 'C' || (i % 500), " +
        "CASE WHEN i % 9 = 0 THEN 'APPROVE' ELSE 'ADD_EVIDENCE' END, 'a', '{}', 'x', 'y' FROM n",
    );
  const plan = async (sql: string) => ((await dataSource.query(`EXPLAIN QUERY PLAN ${sql}`)) as Array<{ detail: string }>).map((row) => row.detail).join(' | ');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plans-'));
    dataSource = new DataSource(buildDataSourceOptions({ type: 'sqlite', path: path.join(dir, 'desk.sqlite') } as never));
    await dataSource.initialize();
    await dataSource.runMigrations();
    await fill(1, 400);
    await dataSource.query('PRAGMA optimize=0x10002');
    await fill(401, 100_000);
  });
  afterAll(async () => {
    await dataSource.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["a cycle's history", "SELECT * FROM journal WHERE entity_type = 'cycle' AND entity_id = 'C3' ORDER BY seq ASC LIMIT 50 OFFSET 0", 'ix_journal_entity_seq'],
    ["a case's history", "SELECT * FROM journal WHERE entity_type = 'case' AND entity_id = 'C3' ORDER BY seq DESC LIMIT 50 OFFSET 0", 'ix_journal_entity_seq'],
    ["the memo's workflow rows", "SELECT * FROM journal WHERE cycle_id = 'Y3' AND entity_type = 'case' AND event IN ('SUBMIT_FOR_REVIEW', 'APPROVE') ORDER BY seq ASC", 'ix_journal_cycle_type_seq'],
    ['an as-of replay', "SELECT * FROM journal WHERE case_id = 'C3' AND seq > 0 AND at <= '2031-01-01' ORDER BY seq ASC", 'ix_journal_case_seq_at (case_id=? AND seq>?)'],
    ['an evidence page', "SELECT id FROM evidence WHERE case_id = 'C3' ORDER BY created_at ASC, id ASC LIMIT 50 OFFSET 100", 'ix_evidence_case_created_id'],
    ['an evidence page by stance', "SELECT id FROM evidence WHERE case_id = 'C3' AND current_stance = 'supports' ORDER BY created_at ASC, id ASC LIMIT 50 OFFSET 100", 'ix_evidence_case_stance_created'],
    ['an evidence page by reliability', "SELECT id FROM evidence WHERE case_id = 'C3' AND current_reliability = 'B' ORDER BY created_at ASC, id ASC LIMIT 50 OFFSET 100", 'ix_evidence_case_reliability_created'],
    ["a case's evidence counts", "SELECT current_stance, current_reliability, retracted, COUNT(*) FROM evidence WHERE case_id = 'C3' GROUP BY current_stance, current_reliability, retracted", 'ix_evidence_case_listing'],
  ])('%s searches its index, no scan and no sort', async (_name, sql, index) => {
    const detail = await plan(sql);
    expect(detail).toContain(`USING INDEX ${index}`.replace('USING INDEX ix_evidence', 'USING COVERING INDEX ix_evidence'));
    expect(detail).not.toMatch(/SCAN journal|SCAN evidence|TEMP B-TREE/);
  });
});
