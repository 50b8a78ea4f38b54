import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';

export const NOTIFICATION_KINDS = ['assignment', 'submission', 'return', 'approval', 'memo_ready', 'decision', 'deadline'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notice {
  recipient: string;
  kind: NotificationKind;
  subject: string;
  link: string;
  actor: string;
  comment: string | null;
  dedupeKey?: string;
}

export interface NotificationView extends Notice {
  id: string;
  createdAt: string;
  readAt: string | null;
}

export interface OutboxMail {
  id: string;
  recipient: string;
  address: string;
  subject: string;
  body: string;
  attempts: number;
}

interface NotificationRow {
  id: string;
  recipient: string;
  kind: NotificationKind;
  subject: string;
  link: string;
  actor: string;
  comment: string | null;
  created_at: string;
  read_at: string | null;
}

const toView = (r: NotificationRow): NotificationView => ({
  id: r.id, recipient: r.recipient, kind: r.kind, subject: r.subject, link: r.link, actor: r.actor, comment: r.comment, createdAt: r.created_at, readAt: r.read_at,
});

/** The notifications, mail_outbox and job_locks tables. */
@Injectable()
export class NotificationsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  private params(from: number, count: number): string {
    return Array.from({ length: count }, (_, i) => this.unitOfWork.param(from + i)).join(', ');
  }

  /** Inserts notices; one whose dedupe key exists already is skipped (reminders run more than once). */
  async insertNotices(tx: EntityManager, notices: Notice[], at: string): Promise<number> {
    let inserted = 0;
    for (const n of notices) {
      const sql = `INSERT INTO notifications (id, recipient, kind, subject, link, actor, comment, dedupe_key, created_at) VALUES (${this.params(1, 9)})` +
        (n.dedupeKey ? ' ON CONFLICT (dedupe_key) DO NOTHING' : '');
      const result = await tx.queryRunner!.query(sql, [randomUUID(), n.recipient, n.kind, n.subject, n.link, n.actor, n.comment, n.dedupeKey ?? null, at], true);
      inserted += result.affected ?? 1;
    }
    return inserted;
  }

  async queueMail(tx: EntityManager, mail: { recipient: string; address: string; subject: string; body: string }, at: string): Promise<void> {
    await tx.query(
      `INSERT INTO mail_outbox (id, recipient, address, subject, body, created_at, attempts, next_attempt_at) VALUES (${this.params(1, 8)})`,
      [randomUUID(), mail.recipient, mail.address, mail.subject, mail.body, at, 0, at],
    );
  }

  async list(recipient: string, limit = 100): Promise<NotificationView[]> {
    const p = (n: number) => this.unitOfWork.param(n);
    const rows: NotificationRow[] = await this.dataSource.query(
      `SELECT id, recipient, kind, subject, link, actor, comment, created_at, read_at FROM notifications WHERE recipient = ${p(1)} ORDER BY created_at DESC, id LIMIT ${Number(limit)}`,
      [recipient],
    );
    return rows.map(toView);
  }

  async unreadCount(recipient: string): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT COUNT(*) AS n FROM notifications WHERE recipient = ${this.unitOfWork.param(1)} AND read_at IS NULL`, [recipient]);
    return Number(row.n);
  }

  /** Marks one (or, with no id, every) unread notification of the recipient as read. */
  async markRead(tx: EntityManager, recipient: string, at: string, id?: string): Promise<void> {
    const p = (n: number) => this.unitOfWork.param(n);
    if (id) await tx.query(`UPDATE notifications SET read_at = ${p(1)} WHERE recipient = ${p(2)} AND id = ${p(3)} AND read_at IS NULL`, [at, recipient, id]);
    else await tx.query(`UPDATE notifications SET read_at = ${p(1)} WHERE recipient = ${p(2)} AND read_at IS NULL`, [at, recipient]);
  }

  /** Notices not yet in a digest, per recipient, oldest first. */
  async undigested(tx: EntityManager, before: string): Promise<NotificationView[]> {
    const rows: NotificationRow[] = await tx.query(
      `SELECT id, recipient, kind, subject, link, actor, comment, created_at, read_at FROM notifications WHERE digested_at IS NULL AND created_at <= ${this.unitOfWork.param(1)} ORDER BY recipient, created_at, id`,
      [before],
    );
    return rows.map(toView);
  }

  async markDigested(tx: EntityManager, ids: string[], at: string): Promise<void> {
    for (const id of ids) await tx.query(`UPDATE notifications SET digested_at = ${this.unitOfWork.param(1)} WHERE id = ${this.unitOfWork.param(2)}`, [at, id]);
  }

  /**
   * Takes the job's row lock for the rest of the transaction and answers when it last ran.
   * A second instance on PostgreSQL waits here, then sees the new time and skips the run.
   */
  async lockJob(tx: EntityManager, name: string): Promise<string | null> {
    const rows = await tx.query(`SELECT last_run FROM job_locks WHERE name = ${this.unitOfWork.param(1)}${this.unitOfWork.forUpdate}`, [name]);
    return rows[0]?.last_run ?? null;
  }

  async jobRan(tx: EntityManager, name: string, at: string): Promise<void> {
    await tx.query(`UPDATE job_locks SET last_run = ${this.unitOfWork.param(1)} WHERE name = ${this.unitOfWork.param(2)}`, [at, name]);
  }

  /** Claims due mail for a while, so that a second sender (or instance) leaves it alone. */
  async claimDue(tx: EntityManager, now: string, claimUntil: string, limit: number): Promise<OutboxMail[]> {
    const p = (n: number) => this.unitOfWork.param(n);
    const skip = this.unitOfWork.isPostgres ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows = await tx.query(
      `SELECT id, recipient, address, subject, body, attempts FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= ${p(1)} ` +
        `AND (claimed_until IS NULL OR claimed_until < ${p(2)}) ORDER BY created_at, id LIMIT ${Number(limit)}${skip}`,
      [now, now],
    );
    for (const row of rows) await tx.query(`UPDATE mail_outbox SET claimed_until = ${p(1)} WHERE id = ${p(2)}`, [claimUntil, row.id]);
    return rows.map((r: OutboxMail) => ({ ...r, attempts: Number(r.attempts) }));
  }

  async markSent(tx: EntityManager, id: string, at: string): Promise<void> {
    await tx.query(`UPDATE mail_outbox SET sent_at = ${this.unitOfWork.param(1)}, claimed_until = NULL WHERE id = ${this.unitOfWork.param(2)}`, [at, id]);
  }

  async markFailed(tx: EntityManager, id: string, attempts: number, nextAttemptAt: string, error: string): Promise<void> {
    const p = (n: number) => this.unitOfWork.param(n);
    await tx.query(
      `UPDATE mail_outbox SET attempts = ${p(1)}, next_attempt_at = ${p(2)}, last_error = ${p(3)}, claimed_until = NULL WHERE id = ${p(4)}`,
      [attempts, nextAttemptAt, error.slice(0, 1000), id],
    );
  }
}
