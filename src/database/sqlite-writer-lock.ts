import Database from 'better-sqlite3';

/** Another process writes this SQLite file: the desk refuses to start. */
export class DatabaseInUseError extends Error {}

// Locks held by this process, by database path: released when the data source closes.
const held = new Map<string, Database.Database>();

/**
 * One process writes a SQLite file. The lock is SQLite's own (an exclusive transaction,
 * kept open, on a sidecar file `<database>.lock`): the kernel drops it when the process
 * dies however it dies, so there is no stale lock to clean up, and the database file
 * itself stays readable by backups and tools.
 */
export function acquireWriterLock(databasePath: string): void {
  if (held.has(databasePath)) return;
  const lockPath = `${databasePath}.lock`;
  const lock = new Database(lockPath);
  try {
    lock.pragma('busy_timeout = 0');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new DatabaseInUseError(`the SQLite database ${databasePath} is in use by another desk process (it holds ${lockPath}); one process writes a SQLite file`);
    }
    throw error;
  }
  held.set(databasePath, lock);
}

export function releaseWriterLock(databasePath: string): void {
  const lock = held.get(databasePath);
  if (!lock) return;
  held.delete(databasePath);
  lock.close();
}
