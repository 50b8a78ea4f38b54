import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs';
import { AssignmentResponseDto, MyWorkDto, NotificationDto } from './dto/work-response.dto';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { NotificationsService } from '../notifications/notifications.service';
import { AssignService } from './assign.service';
import { AssignmentDto } from './dto/assignment.dto';
import { MyWorkService } from './my-work.service';

@ApiTags('work')
@ApiBearerAuth()
@ApiErrorResponses()
@ApiExtraModels(AssignmentResponseDto)
@Controller('api')
export class WorkController {
  constructor(
    private readonly work: MyWorkService,
    private readonly assign: AssignService,
    private readonly notifications: NotificationsService,
  ) {}

  @ApiOkResponse({ type: MyWorkDto })
  @ApiOperation({ summary: 'The signed-in user\'s work: what to gather, review, write and transmit' })
  @Get('me/work')
  myWork(@CurrentUser() user: AuthUser) {
    return this.work.forUser(user);
  }

  @ApiOkResponse({ type: [NotificationDto] })
  @ApiOperation({ summary: 'The signed-in user\'s notifications, newest first' })
  @Get('me/notifications')
  inbox(@CurrentUser() user: AuthUser) {
    return this.notifications.inbox(user.username);
  }

  // Auditors change nothing, not even read marks (and no notice is ever addressed to them).
  @Roles('analyst', 'reviewer', 'manager', 'admin')
  @ApiNoContentResponse({ description: 'Every notification of the user is marked read' })
  @ApiOperation({ summary: 'Mark all the signed-in user\'s notifications read' })
  @Post('me/notifications/read')
  @HttpCode(204)
  readAll(@CurrentUser() user: AuthUser) {
    return this.notifications.markRead(user.username);
  }

  @ApiOkResponse({ description: 'The assignment; null when the case is not assigned yet', schema: { type: 'object', nullable: true, allOf: [{ $ref: getSchemaPath(AssignmentResponseDto) }] } })
  @ApiOperation({ summary: 'Who works on a case, and by when' })
  @Get('cases/:id/assignment')
  assignment(@Param('id') id: string) {
    return this.assign.get(id);
  }

  @Roles('manager')
  @ApiOkResponse({ type: AssignmentResponseDto })
  @ApiOperation({ summary: 'Assign a case an analyst, a reviewer and a due date' })
  @Put('cases/:id/assignment')
  setAssignment(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: AssignmentDto) {
    return this.assign.assign(user, id, dto);
  }
}
