import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitOfWork } from './unit-of-work';

/** How often the journal's growth is looked at. */
const CHECK_INTERVAL_MS = 10 * 60 * 1000;
/** Rows written since the last statistics run that count as a large write. */
const LARGE_WRITE_ROWS = 50_000;

/**
 * Keeps the planner's statistics current.
 *
 * SQLite: `PRAGMA optimize` at start-up (with 0x10002: analyse every table whose statistics
 * are missing or stale, within a bounded effort, as SQLite recommends on opening a
 * connection) and again once the journal has grown by LARGE_WRITE_ROWS.
 *
 * PostgreSQL: autovacuum analyses tables as they change; at start-up any table of the desk
 * that has never been analysed is analysed once, so a freshly restored or bulk-loaded
 * database is not planned blind. The hot queries also have indexes that match their
 * equality columns and order, so the plans hold without statistics too.
 */
@Injectable()
export class DatabaseMaintenance implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private timer?: NodeJS.Timeout;
  private analysedAtRows = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refreshStatistics(true);
    this.timer = setInterval(() => void this.refreshIfGrown().catch((error: unknown) => this.logger.warn(`Statistics not refreshed: ${String(error)}`)), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Runs the statistics refresh when the journal grew by a large write since the last one. */
  async refreshIfGrown(): Promise<boolean> {
    if ((await this.journalRows()) - this.analysedAtRows < LARGE_WRITE_ROWS) return false;
    await this.refreshStatistics(false);
    return true;
  }

  private async refreshStatistics(startUp: boolean): Promise<void> {
    this.analysedAtRows = await this.journalRows();
    if (this.unitOfWork.isPostgres) {
      if (!startUp) return;
      const never = (await this.dataSource.query(
        "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() AND last_analyze IS NULL AND last_autoanalyze IS NULL AND n_live_tup > 0",
      )) as Array<{ relname: string }>;
      for (const { relname } of never) await this.dataSource.query(`ANALYZE "${relname.replace(/"/g, '""')}"`);
      return;
    }
    // Through the writer queue: ANALYZE writes sqlite_stat1 on the connection the writes use.
    await this.unitOfWork.write((tx) => tx.query(startUp ? 'PRAGMA optimize=0x10002' : 'PRAGMA optimize'));
  }

  private async journalRows(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT MAX(seq) AS seq FROM journal');
    return row?.seq == null ? 0 : Number(row.seq);
  }
}
