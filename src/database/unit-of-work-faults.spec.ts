import { DataSource } from 'typeorm';
import { canMount, mountSmallDisk, SmallDisk } from '../../test/support/small-disk';
import { UnitOfWork } from './unit-of-work';

const describeWithDisk = canMount ? describe : describe.skip;

// A real full disk: the SQLite file sits on a small tmpfs that is filled during a write
// load and freed again. No write may be acknowledged that is not in the file afterwards.
describeWithDisk('UnitOfWork on a full disk (SQLite)', () => {
  let disk: SmallDisk;
  beforeEach(() => {
    disk = mountSmallDisk(1024);
  });
  afterEach(() => disk.unmount());

  const open = async () => {
    const dataSource = new DataSource({
      type: 'better-sqlite3',
      database: `${disk.dir}/uow.sqlite`,
      prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
      },
    });
    await dataSource.initialize();
    return dataSource;
  };

  it('acknowledges only what is stored, refuses writes while the disk is full, and takes writes again once freed', async () => {
    let dataSource = await open();
    await dataSource.query('CREATE TABLE items (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    await dataSource.query('CREATE TABLE storage_probe (id INTEGER PRIMARY KEY, probed_at TEXT)');
    const unitOfWork = new UnitOfWork(dataSource);
    const acknowledged: number[] = [];
    const failures: unknown[] = [];
    let next = 0;
    const round = async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, () => {
          const id = ++next;
          return unitOfWork.write((tx) => tx.query('INSERT INTO items (id, body) VALUES (?, ?)', [id, 'x'.repeat(3000)])).then(() => id);
        }),
      );
      for (const result of results) {
        if (result.status === 'fulfilled') acknowledged.push(result.value);
        else failures.push(result.reason);
      }
    };
    for (let i = 0; i < 20; i++) await round();
    disk.fill();
    for (let i = 0; i < 40; i++) await round();
    expect(failures.length).toBeGreaterThan(0);
    // Every refusal says why, and the database is reported as not taking writes.
    expect(new Set(failures.map((error) => (error as { code?: string }).code))).toEqual(new Set(['STORAGE_UNAVAILABLE']));
    expect(unitOfWork.storageHealth()).toMatchObject({ writable: false, lastFault: { error: expect.stringContaining('SQLITE_FULL') } });
    disk.free();
    // Writes come back by themselves once the disk has room.
    const deadline = Date.now() + 10_000;
    let afterFree = 0;
    while (afterFree < 20 && Date.now() < deadline) {
      const before = acknowledged.length;
      await round();
      afterFree += acknowledged.length - before;
      if (acknowledged.length === before) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(afterFree).toBeGreaterThanOrEqual(20);
    expect(unitOfWork.storageHealth().writable).toBe(true);
    unitOfWork.onModuleDestroy();
    await dataSource.destroy();

    dataSource = await open();
    const stored = new Set((await dataSource.query('SELECT id FROM items')).map((row: { id: number }) => row.id));
    await dataSource.destroy();
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  });
});
