import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';
import { DatabaseMaintenance } from './database-maintenance';
import { UnitOfWork } from './unit-of-work';

describe('database maintenance on SQLite', () => {
  let dir: string;
  let dataSource: DataSource;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maintenance-'));
    dataSource = new DataSource(buildDataSourceOptions({ type: 'sqlite', path: path.join(dir, 'desk.sqlite') } as never));
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  afterAll(async () => {
    await dataSource.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gathers statistics at start-up and again after a large write only', async () => {
    const unitOfWork = new UnitOfWork(dataSource);
    // A journal filled behind the planner's back: no statistics yet.
    await dataSource.query(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000) INSERT INTO journal (seq, at, entity_type, entity_id, cycle_id, case_id, event, actor, payload, prev_hash, hash) " +
        "SELECT i, '2030-01-01T00:00:00.000Z', 'case', 'C' || (i % 50), 'Y', 'C' || (i % 50), 'E', 'a', '{}', 'x', 'y' FROM n",
    );
    const stats = async () => (await dataSource.query("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'"))[0].n === 1
      ? Number((await dataSource.query("SELECT COUNT(*) AS n FROM sqlite_stat1 WHERE tbl = 'journal'"))[0].n)
      : 0;
    expect(await stats()).toBe(0);
    const maintenance = new DatabaseMaintenance(dataSource, unitOfWork);
    await maintenance.onApplicationBootstrap();
    maintenance.onApplicationShutdown();
    expect(await stats()).toBeGreaterThan(0);
    expect(await maintenance.refreshIfGrown()).toBe(false);
    await dataSource.query(
      "WITH RECURSIVE n(i) AS (SELECT 60001 UNION ALL SELECT i + 1 FROM n WHERE i < 120000) INSERT INTO journal (seq, at, entity_type, entity_id, cycle_id, case_id, event, actor, payload, prev_hash, hash) " +
        "SELECT i, '2030-01-01T00:00:00.000Z', 'case', 'C' || (i % 50), 'Y', 'C' || (i % 50), 'E', 'a', '{}', 'x', 'y' FROM n",
    );
    expect(await maintenance.refreshIfGrown()).toBe(true);
  });
});
