import { Injectable } from '@nestjs/common';
import { AssignmentsRepository, Assignment } from '../assignments/assignments.repository';
import { JournalInput, JournalService } from '../audit/journal.service';
import type { AuthUser } from '../auth/auth.types';
import { rolesOf } from '../auth/user.entity';
import { UsersRepository } from '../auth/users.repository';
import { CasesRepository } from '../cases/cases.repository';
import { roundAuthors } from '../cases/case-machine';
import { assertCalendarDate } from '../common/calendar-date';
import { Clock } from '../common/clock';
import { conflict, forbidden, invalidInput, notFound } from '../common/domain-error';
import { UnitOfWork } from '../database/unit-of-work';
import { NotificationsService } from '../notifications/notifications.service';
import { AssignmentDto } from './dto/assignment.dto';

/** A manager names each case's analyst and reviewer, with an internal due date; journalled and notified. */
@Injectable()
export class AssignService {
  constructor(
    private readonly assignments: AssignmentsRepository,
    private readonly cases: CasesRepository,
    private readonly users: UsersRepository,
    private readonly journal: JournalService,
    private readonly notifications: NotificationsService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async get(caseId: string): Promise<Assignment | null> {
    if (!(await this.cases.findById(caseId))) throw notFound('case', caseId);
    return this.assignments.forCase(caseId);
  }

  async assign(actor: AuthUser, caseId: string, dto: AssignmentDto): Promise<Assignment> {
    assertCalendarDate(dto.dueDate, 'dueDate');
    if (dto.analyst === dto.reviewer) throw invalidInput('REVIEWER_IS_ANALYST', 'The reviewer must be someone other than the analyst');
    await this.requireRole(dto.analyst, 'analyst', 'analyst');
    await this.requireRole(dto.reviewer, 'reviewer', 'reviewer');
    return this.unitOfWork.write(async (tx) => {
      const record = await this.cases.findForUpdate(tx, caseId);
      if (!record) throw notFound('case', caseId);
      if (record.state === 'reported') throw conflict('CASE_REPORTED', 'The case has been reported; it needs no more work');
      // The case machine's own notion of the round's authors: who may not review it may not be assigned to.
      if (roundAuthors(record.snapshot.context).includes(dto.reviewer)) {
        throw forbidden('SEPARATION_OF_DUTIES', `${dto.reviewer} is an author of this case's assessment and cannot review it`, { field: 'reviewer' });
      }
      const at = this.clock.now().toISOString();
      const assignment: Assignment = { caseId, cycleId: record.cycleId, analyst: dto.analyst, reviewer: dto.reviewer, dueDate: dto.dueDate, assignedBy: actor.username, assignedAt: at };
      await this.assignments.upsert(tx, assignment);
      const row: JournalInput = {
        at, entityType: 'case', entityId: caseId, cycleId: record.cycleId, caseId, event: 'ASSIGN_CASE', actor: actor.username,
        payload: { analyst: dto.analyst, reviewer: dto.reviewer, dueDate: dto.dueDate },
      };
      await this.journal.append(tx, [row]);
      await this.notifications.enqueue(tx, [row]);
      return assignment;
    });
  }

  private async requireRole(username: string, role: 'analyst' | 'reviewer', field: string): Promise<void> {
    const user = await this.users.findByUsername(username);
    if (!user || !user.active || !rolesOf(user).includes(role)) {
      throw invalidInput('NOT_ASSIGNABLE', `${field} must be an active user with the ${role} role; '${username}' is not`, { fields: [field] });
    }
  }
}
