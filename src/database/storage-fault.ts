import { unavailable } from '../common/domain-error';

// Error codes that mean "the storage cannot take this write", not "this write is wrong".
const SQLITE_STORAGE_CODES = ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_NOMEM', 'SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_PROTOCOL', 'SQLITE_BUSY', 'SQLITE_LOCKED'];
// PostgreSQL SQLSTATE classes: 08 connection exception, 53 insufficient resources (disk full),
// 57P operator intervention (terminated backend, shutdown), 58 system error (I/O).
const PG_STORAGE_CLASSES = ['08', '53', '57P', '58'];
const NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND'];

export function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when the error says the database could not take a write, whatever the write was. */
export function isStorageFault(error: unknown): boolean {
  const code = errorCode(error);
  if (code?.startsWith('SQLITE_')) return SQLITE_STORAGE_CODES.some((prefix) => code.startsWith(prefix));
  if (code && NETWORK_CODES.includes(code)) return true;
  if (code && /^[0-9A-Z]{5}$/.test(code)) return PG_STORAGE_CLASSES.some((prefix) => code.startsWith(prefix));
  const message = (error as Error)?.message ?? '';
  // node-postgres reports a dropped connection without a SQLSTATE.
  return /Connection terminated|connection (is )?closed|Client has encountered a connection error/i.test(message);
}

/** One line for the log and the health report: the code and the driver's message. */
export function describeFault(error: unknown): string {
  const code = errorCode(error);
  const message = ((error as Error)?.message ?? String(error)).split('\n')[0].replace(/^\w*Error: /, '');
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

export const storageUnavailable = (since: string) =>
  unavailable(
    'STORAGE_UNAVAILABLE',
    'The database cannot take writes right now; nothing was stored. Reading still works; try the write again shortly.',
    { since },
  );

/** A unique or primary key already holds this value (PostgreSQL 23505; SQLite SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY). */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** PostgreSQL gave up on this transaction because of another one (serialization failure, deadlock, lock not available). */
export function isConcurrencyFailure(error: unknown): boolean {
  const code = errorCode(error);
  return code === '40001' || code === '40P01' || code === '55P03';
}
