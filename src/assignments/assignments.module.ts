import { Module } from '@nestjs/common';
import { AssignmentsRepository } from './assignments.repository';

/** Storage of case assignments; assigning (with its rules) lives in the work module above cases. */
@Module({
  providers: [AssignmentsRepository],
  exports: [AssignmentsRepository],
})
export class AssignmentsModule {}
