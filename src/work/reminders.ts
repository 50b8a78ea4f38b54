import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AssignmentsRepository } from '../assignments/assignments.repository';
import { CasesRepository } from '../cases/cases.repository';
import { daysUntil } from '../common/calendar-date';
import { MailJobs } from '../notifications/mail-jobs';
import { NotificationsService } from '../notifications/notifications.service';

/** Days before an internal due date that the person is reminded. */
export const REMIND_DAYS_BEFORE = 3;

/**
 * The daily "deadline approaching" job: whoever holds an assigned case that is due within
 * three days (or overdue) and still waits for them gets one notice per case and due date.
 */
@Injectable()
export class DeadlineReminders implements OnModuleInit {
  constructor(
    private readonly jobs: MailJobs,
    private readonly assignments: AssignmentsRepository,
    private readonly cases: CasesRepository,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register('reminders', async (tx, now) => void (await this.run(tx, now)));
  }

  async run(tx: EntityManager, now: Date): Promise<number> {
    let sent = 0;
    for (const a of await this.assignments.all()) {
      const days = daysUntil(a.dueDate, now);
      if (days > REMIND_DAYS_BEFORE) continue;
      const record = await this.cases.findById(a.caseId);
      const holder = record?.state === 'evidenceGathering' ? a.analyst : record?.state === 'inReview' ? a.reviewer : null;
      if (!holder) continue;
      const when = days < 0 ? `was due on ${a.dueDate}` : days === 0 ? 'is due today' : `is due on ${a.dueDate}`;
      sent += await this.notifications.deliver(tx, [{
        recipient: holder, kind: 'deadline', subject: `${a.caseId} ${when}`, link: `/cases/${encodeURIComponent(a.caseId)}`,
        actor: 'system', comment: null, dedupeKey: `deadline:${a.caseId}:${a.dueDate}:${holder}:${record!.state}`,
      }], now.toISOString());
    }
    return sent;
  }
}
