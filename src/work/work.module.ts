import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { CyclesModule } from '../cycles/cycles.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { StatutesModule } from '../statutes/statutes.module';
import { AssignService } from './assign.service';
import { MyWorkService } from './my-work.service';
import { DeadlineReminders } from './reminders';
import { WorkController } from './work.controller';

/** Work that finds its people: assignment of cases, each person's queue, deadline reminders. */
@Module({
  imports: [AssignmentsModule, AuditModule, AuthModule, CasesModule, CyclesModule, NotificationsModule, StatutesModule],
  providers: [AssignService, MyWorkService, DeadlineReminders],
  controllers: [WorkController],
  exports: [AssignService, MyWorkService],
})
export class WorkModule {}
