import { toErrorBody } from './domain-exception.filter';

// A race that reaches the database's unique index is a conflict on either database, never a 500.
describe('toErrorBody for database races', () => {
  it.each([
    [{ code: '23505', message: 'duplicate key value violates unique constraint' }],
    [{ driverError: { code: 'SQLITE_CONSTRAINT_UNIQUE' }, message: 'UNIQUE constraint failed: cycles.id' }],
    [{ driverError: { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }, message: 'PRIMARY KEY constraint failed' }],
  ])('maps a unique violation to 409 DUPLICATE_KEY', (error) => {
    expect(toErrorBody(error)).toMatchObject({ statusCode: 409, code: 'DUPLICATE_KEY' });
  });

  it.each(['40001', '40P01'])('maps PostgreSQL %s to 409 CONCURRENT_UPDATE', (code) => {
    expect(toErrorBody({ code })).toMatchObject({ statusCode: 409, code: 'CONCURRENT_UPDATE' });
  });
});
