import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { EntityManager } from 'typeorm';
import { UsersRepository } from '../auth/users.repository';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { mailBody } from './mail-text';
import { NotificationsRepository } from './notifications.repository';

const BATCH = 20;
const CLAIM_MS = 120_000;
const MAX_ATTEMPTS = 12;

/** 30 s, 1 min, 2 min, ... at most an hour between attempts. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** A job that runs at most once per period (a UTC day), whichever instance gets there first. */
export type ScheduledJob = (tx: EntityManager, now: Date) => Promise<void>;

/**
 * Sends what the outbox holds (nodemailer over SMTP_URL), writes the daily digest, and runs
 * registered daily jobs (reminders). Each daily job takes its row in `job_locks` FOR UPDATE
 * and records the run in the same transaction, so two instances never run it twice a day.
 */
@Injectable()
export class MailJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private transport: Transporter | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private readonly daily = new Map<string, ScheduledJob>();

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly users: UsersRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    if (config.mail.smtpUrl) this.transport = createTransport(config.mail.smtpUrl);
  }

  /** Registers a daily job (the deadline reminders of the work module). */
  register(name: string, job: ScheduledJob): void {
    this.daily.set(name, job);
  }

  onApplicationBootstrap(): void {
    const seconds = this.config.mail.jobIntervalSeconds;
    if (seconds > 0) this.timer = setInterval(() => void this.tick(), seconds * 1000).unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.transport?.close();
  }

  /** One scheduled round: daily jobs (once a day), the digest (after its hour), then sending. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const now = this.clock.now();
      for (const name of this.daily.keys()) await this.runDaily(name, now);
      if (now.getUTCHours() >= this.config.mail.digestHourUtc) await this.digest(now);
      await this.sendDue();
    } catch (error) {
      this.logger.error(`mail job failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  async runDaily(name: string, now: Date): Promise<boolean> {
    const job = this.daily.get(name);
    if (!job) return false;
    return this.unitOfWork.write(async (tx) => {
      const last = await this.repo.lockJob(tx, name);
      if (last && last.slice(0, 10) === now.toISOString().slice(0, 10)) return false;
      await job(tx, now);
      await this.repo.jobRan(tx, name, now.toISOString());
      return true;
    });
  }

  /** One digest mail per person with an address, of the notices since the last digest; once a day. */
  digest(now: Date): Promise<number> {
    if (!this.transport) return Promise.resolve(0);
    return this.unitOfWork.write(async (tx) => {
      const last = await this.repo.lockJob(tx, 'digest');
      if (last && last.slice(0, 10) === now.toISOString().slice(0, 10)) return 0;
      const at = now.toISOString();
      const pending = await this.repo.undigested(tx, at);
      const byRecipient = new Map<string, typeof pending>();
      for (const n of pending) byRecipient.set(n.recipient, [...(byRecipient.get(n.recipient) ?? []), n]);
      const addresses = await this.users.addresses([...byRecipient.keys()], tx);
      let mails = 0;
      for (const [recipient, notices] of byRecipient) {
        const address = addresses.get(recipient);
        if (!address) continue;
        const subject = `Conditions Desk: ${notices.length} notification${notices.length === 1 ? '' : 's'} for ${at.slice(0, 10)}`;
        await this.repo.queueMail(tx, { recipient, address, subject, body: mailBody(notices) }, at);
        mails += 1;
      }
      await this.repo.markDigested(tx, pending.map((n) => n.id), at);
      await this.repo.jobRan(tx, 'digest', at);
      return mails;
    });
  }

  /** Sends due mail; a failure is retried later with a growing delay. Answers how many went out. */
  async sendDue(): Promise<number> {
    if (!this.transport) return 0;
    let sent = 0;
    for (;;) {
      const now = this.clock.now();
      const claimed = await this.unitOfWork.write((tx) =>
        this.repo.claimDue(tx, now.toISOString(), new Date(now.getTime() + CLAIM_MS).toISOString(), BATCH),
      );
      if (claimed.length === 0) return sent;
      for (const mail of claimed) {
        try {
          await this.transport.sendMail({ from: this.config.mail.from, to: mail.address, subject: mail.subject, text: mail.body });
          await this.unitOfWork.write((tx) => this.repo.markSent(tx, mail.id, this.clock.now().toISOString()));
          sent += 1;
        } catch (error) {
          const attempts = mail.attempts + 1;
          const next = attempts >= MAX_ATTEMPTS ? '9999-12-31T00:00:00.000Z' : new Date(this.clock.now().getTime() + retryDelayMs(attempts)).toISOString();
          this.logger.warn(`mail to ${mail.recipient} failed (attempt ${attempts}): ${(error as Error).message}`);
          await this.unitOfWork.write((tx) => this.repo.markFailed(tx, mail.id, attempts, next, (error as Error).message));
        }
      }
      if (claimed.length < BATCH) return sent;
    }
  }
}
