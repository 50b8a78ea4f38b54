import { Client } from 'pg';
import { PG_ADMIN_URL } from './test-app';

/**
 * Decides once which databases the e2e suites run on. An explicit TEST_DATABASES is
 * obeyed and a missing PostgreSQL server is then an error (CI sets it). Without it the
 * PostgreSQL leg runs when a server answers at TEST_PG_URL, and is announced as skipped
 * otherwise, so a newcomer without PostgreSQL can still run the suite.
 */
export default async function globalSetup(): Promise<void> {
  const explicit = process.env.TEST_DATABASES;
  const client = new Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  let reachable = false;
  try {
    await client.connect();
    await client.query('SELECT 1');
    reachable = true;
  } catch (error) {
    if (explicit?.includes('postgres')) {
      throw new Error(`TEST_DATABASES asks for postgres but ${PG_ADMIN_URL} does not answer: ${(error as Error).message}`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  if (!explicit) {
    process.env.TEST_DATABASES = reachable ? 'sqlite,postgres' : 'sqlite';
    if (!reachable) console.warn(`\nPostgreSQL leg skipped: no server at ${PG_ADMIN_URL} (set TEST_PG_URL, or TEST_DATABASES=sqlite,postgres to require it)\n`);
  }
}
