import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { UnitOfWork } from './unit-of-work';

// Group commit on SQLite: units that queue up together share one transaction, each in its
// own savepoint, so one failing unit is rolled back alone and no other write is lost.
describe('UnitOfWork on SQLite', () => {
  let dir: string;
  let dataSource: DataSource;
  let unitOfWork: UnitOfWork;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uow-'));
    dataSource = new DataSource({ type: 'better-sqlite3', database: path.join(dir, 'uow.sqlite') });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE items (name TEXT PRIMARY KEY)');
    unitOfWork = new UnitOfWork(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const names = async () => (await dataSource.query('SELECT name FROM items ORDER BY name')).map((r: { name: string }) => r.name);

  it('rolls back a failing unit alone and commits the rest of its group', async () => {
    const results = await Promise.allSettled([
      unitOfWork.write((tx) => tx.query("INSERT INTO items VALUES ('a')")),
      unitOfWork.write(async (tx) => {
        await tx.query("INSERT INTO items VALUES ('b')");
        throw new Error('refused after writing');
      }),
      unitOfWork.write((tx) => tx.query("INSERT INTO items VALUES ('c')")),
      // A constraint violation is a failure of that unit only.
      unitOfWork.write((tx) => tx.query("INSERT INTO items VALUES ('a')")),
      unitOfWork.write((tx) => tx.query("INSERT INTO items VALUES ('d')")),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await names()).toEqual(['a', 'c', 'd']);
  });

  it('runs queued units one after another, each seeing the writes before it', async () => {
    const counts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        unitOfWork.write(async (tx) => {
          await tx.query(`INSERT INTO items VALUES ('n${String(i).padStart(2, '0')}')`);
          const [row] = await tx.query("SELECT COUNT(*) AS n FROM items WHERE name LIKE 'n%'");
          return Number(row.n);
        }),
      ),
    );
    expect(counts).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('keeps working after a lone unit fails', async () => {
    await expect(unitOfWork.write(async () => Promise.reject(new Error('alone')))).rejects.toThrow('alone');
    await unitOfWork.write((tx) => tx.query("INSERT INTO items VALUES ('z')"));
    expect(await names()).toContain('z');
  });
});
