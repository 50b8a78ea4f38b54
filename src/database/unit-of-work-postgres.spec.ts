import { DataSource } from 'typeorm';
import { createPgDatabase } from '../../test/support/pg-database';
import { UnitOfWork } from './unit-of-work';

const onPostgres = (process.env.TEST_DATABASES || 'sqlite,postgres').includes('postgres');

// A backend killed in the middle of a transaction: the write is refused with 503, the broken
// connection is not reused, and writes come back by themselves.
(onPostgres ? describe : describe.skip)('UnitOfWork on PostgreSQL under faults', () => {
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  let dataSource: DataSource;
  let unitOfWork: UnitOfWork;

  beforeAll(async () => {
    database = await createPgDatabase('uow');
    dataSource = new DataSource({ type: 'postgres', url: database.url, extra: { max: 4 } });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE items (id INTEGER PRIMARY KEY)');
    await dataSource.query('CREATE TABLE storage_probe (id INTEGER PRIMARY KEY, probed_at VARCHAR(32))');
    unitOfWork = new UnitOfWork(dataSource);
  });
  afterAll(async () => {
    unitOfWork.onModuleDestroy();
    await dataSource.destroy();
    await database?.drop();
  });

  it('answers 503 STORAGE_UNAVAILABLE for a terminated backend, refuses writes, then recovers', async () => {
    await unitOfWork.write((tx) => tx.query('INSERT INTO items VALUES (1)'));
    await expect(
      unitOfWork.write(async (tx) => {
        await tx.query('INSERT INTO items VALUES (2)');
        await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
      }),
    ).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE', kind: 'unavailable' });
    expect(unitOfWork.storageHealth()).toMatchObject({ database: 'postgres', writable: false });
    await expect(unitOfWork.write((tx) => tx.query('INSERT INTO items VALUES (3)'))).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    // Reads go on meanwhile.
    expect(await dataSource.query('SELECT id FROM items ORDER BY id')).toEqual([{ id: 1 }]);
    const deadline = Date.now() + 5000;
    while (!unitOfWork.storageHealth().writable && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await unitOfWork.write((tx) => tx.query('INSERT INTO items VALUES (4)'));
    expect(await dataSource.query('SELECT id FROM items ORDER BY id')).toEqual([{ id: 1 }, { id: 4 }]);
  });

  it('keeps an ordinary failed write an ordinary failure', async () => {
    await expect(unitOfWork.write((tx) => tx.query('INSERT INTO items VALUES (1)'))).rejects.toMatchObject({ code: '23505' });
    expect(unitOfWork.storageHealth().writable).toBe(true);
  });
});
