import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_KINDS } from '../../notifications/notifications.repository';

export class DueDto {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ type: 'integer', description: 'Days past the date; 0 when not yet due' }) overdueDays: number;
  @ApiProperty({ example: 'Due in 3 days' }) text: string;
}

export class ReturnedDto {
  @ApiProperty() by: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: 'string', nullable: true }) comment: string | null;
  @ApiProperty({ enum: ['REQUEST_CHANGES', 'REOPEN'] }) event: string;
}

export class WorkItemDto {
  @ApiProperty({ enum: ['fix', 'gather', 'review', 'prepare_memo', 'decide', 'transmit'] }) kind: string;
  @ApiProperty() cycleId: string;
  @ApiProperty({ type: 'string', nullable: true }) caseId: string | null;
  @ApiProperty() title: string;
  @ApiProperty() link: string;
  @ApiProperty({ type: DueDto, nullable: true }) due: DueDto | null;
  @ApiProperty({ type: ReturnedDto, nullable: true, description: 'The reviewer\'s (or manager\'s) word when the case came back' }) returned: ReturnedDto | null;
}

export class UnassignedCountDto {
  @ApiProperty() cycleId: string;
  @ApiProperty({ type: 'integer' }) count: number;
}

export class DutyDto {
  @ApiProperty() statuteId: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: DueDto }) due: DueDto;
  @ApiProperty({ type: 'string', nullable: true }) citation: string | null;
}

export class WorkCountsDto {
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: 'integer' }) gather: number;
  @ApiProperty({ type: 'integer' }) review: number;
  @ApiProperty({ type: 'integer' }) memos: number;
  @ApiProperty({ type: 'integer' }) transmit: number;
  @ApiProperty({ type: 'integer' }) unread: number;
}

export class MyWorkDto {
  @ApiProperty() username: string;
  @ApiProperty({ type: [WorkItemDto] }) gather: WorkItemDto[];
  @ApiProperty({ type: [WorkItemDto] }) review: WorkItemDto[];
  @ApiProperty({ type: [WorkItemDto] }) memos: WorkItemDto[];
  @ApiProperty({ type: [WorkItemDto] }) transmit: WorkItemDto[];
  @ApiProperty({ type: [UnassignedCountDto], description: 'Managers: cases nobody is assigned to yet, per cycle' }) unassigned: UnassignedCountDto[];
  @ApiProperty({ type: [DutyDto] }) duties: DutyDto[];
  @ApiProperty({ type: WorkCountsDto }) counts: WorkCountsDto;
}

export class NotificationDto {
  @ApiProperty() id: string;
  @ApiProperty() recipient: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: string;
  @ApiProperty() subject: string;
  @ApiProperty() link: string;
  @ApiProperty() actor: string;
  @ApiProperty({ type: 'string', nullable: true }) comment: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readAt: string | null;
}

export class AssignmentResponseDto {
  @ApiProperty() caseId: string;
  @ApiProperty() cycleId: string;
  @ApiProperty() analyst: string;
  @ApiProperty() reviewer: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty() assignedBy: string;
  @ApiProperty({ format: 'date-time' }) assignedAt: string;
}
