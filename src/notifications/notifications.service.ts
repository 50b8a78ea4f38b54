import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { JournalInput } from '../audit/journal.service';
import { AssignmentsRepository } from '../assignments/assignments.repository';
import { UsersRepository } from '../auth/users.repository';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { draftFor, IMMEDIATE_KINDS, NoticeDraft } from './notice-rules';
import { Notice, NotificationsRepository, NotificationView } from './notifications.repository';
import { mailBody } from './mail-text';

/** What the writer knows that the journal row does not say. */
export interface NoticeContext {
  submittedBy?: string | null;
}

/**
 * In-app notifications and the mail outbox. `enqueue` is called by every writer inside its
 * transaction, right after the journal append: a change that rolls back leaves no notice and
 * no mail, and a committed one cannot lose its mail in a crash (the outbox is in the database).
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly assignments: AssignmentsRepository,
    private readonly users: UsersRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async enqueue(tx: EntityManager, rows: JournalInput[], context: NoticeContext = {}): Promise<void> {
    for (const row of rows) {
      const draft = draftFor(row);
      if (!draft) continue;
      const recipients = await this.recipients(tx, row, draft, context);
      await this.deliver(tx, recipients.map((recipient) => ({
        recipient, kind: draft.kind, subject: draft.subject, link: draft.link, actor: row.actor, comment: row.comment ?? null,
      })), row.at);
    }
  }

  /** Stores notices (and, for the urgent kinds, their mail) in the caller's transaction. */
  async deliver(tx: EntityManager, notices: Notice[], at: string): Promise<number> {
    if (notices.length === 0) return 0;
    const inserted = await this.repo.insertNotices(tx, notices, at);
    if (!this.config.mail.smtpUrl) return inserted;
    const urgent = notices.filter((n) => IMMEDIATE_KINDS.includes(n.kind));
    const addresses = await this.users.addresses([...new Set(urgent.map((n) => n.recipient))], tx);
    for (const notice of urgent) {
      const address = addresses.get(notice.recipient);
      if (address) await this.repo.queueMail(tx, { recipient: notice.recipient, address, subject: notice.subject, body: mailBody([notice]) }, at);
    }
    return inserted;
  }

  private async recipients(tx: EntityManager, row: JournalInput, draft: NoticeDraft, context: NoticeContext): Promise<string[]> {
    const names = new Set<string>();
    const assignment = row.caseId ? await this.assignments.forCase(row.caseId, tx) : null;
    for (const who of draft.to) {
      if (who === 'assignedAnalyst' && assignment) names.add(assignment.analyst);
      if (who === 'assignedReviewer' && assignment) names.add(assignment.reviewer);
      if (who === 'submitter' && context.submittedBy) names.add(context.submittedBy);
      // Without an assigned reviewer, every reviewer hears of a submission.
      if (who === 'reviewers' && !assignment) for (const u of await this.users.activeWithRole('reviewer', tx)) names.add(u.username);
      if (who === 'managers') for (const u of await this.users.activeWithRole('manager', tx)) names.add(u.username);
      if (who === 'cycleAssignees' && row.cycleId) {
        for (const a of await this.assignments.forCycle(row.cycleId, tx)) names.add(a.analyst).add(a.reviewer);
      }
    }
    // Nobody is told about what they did themselves.
    names.delete(row.actor);
    return [...names].sort();
  }

  inbox(username: string): Promise<NotificationView[]> {
    return this.repo.list(username);
  }

  unreadCount(username: string): Promise<number> {
    return this.repo.unreadCount(username);
  }

  markRead(username: string, id?: string): Promise<void> {
    return this.unitOfWork.write((tx) => this.repo.markRead(tx, username, this.clock.now().toISOString(), id));
  }
}
