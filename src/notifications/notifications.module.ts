import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { AuthModule } from '../auth/auth.module';
import { MailJobs } from './mail-jobs';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** In-app notifications, the mail outbox and the scheduled mail jobs; below cases and cycles, which call it. */
@Module({
  imports: [AssignmentsModule, AuthModule],
  providers: [NotificationsRepository, NotificationsService, MailJobs],
  exports: [NotificationsService, MailJobs],
})
export class NotificationsModule {}
