import type { DataSource } from 'typeorm';

/**
 * Writes on PostgreSQL begin with a bare START TRANSACTION (one round trip instead of two with a
 * separate SET TRANSACTION ISOLATION LEVEL), so they take the server's default isolation. The
 * desk's locking is designed for READ COMMITTED: a database set otherwise stops the start.
 */
export async function requireReadCommitted(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') return;
  const [row] = (await dataSource.query('SHOW default_transaction_isolation')) as Array<{ default_transaction_isolation: string }>;
  if (row.default_transaction_isolation !== 'read committed') {
    throw new Error(
      `PostgreSQL's default_transaction_isolation is '${row.default_transaction_isolation}': the desk needs 'read committed' (ALTER DATABASE ... SET default_transaction_isolation = 'read committed')`,
    );
  }
}
