import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { NotificationsService } from '../notifications/notifications.service';
import { AssignService } from './assign.service';
import { AssignmentDto } from './dto/assignment.dto';
import { MyWorkService } from './my-work.service';

@ApiTags('work')
@ApiBearerAuth()
@Controller('api')
export class WorkController {
  constructor(
    private readonly work: MyWorkService,
    private readonly assign: AssignService,
    private readonly notifications: NotificationsService,
  ) {}

  @Get('me/work')
  myWork(@CurrentUser() user: AuthUser) {
    return this.work.forUser(user);
  }

  @Get('me/notifications')
  inbox(@CurrentUser() user: AuthUser) {
    return this.notifications.inbox(user.username);
  }

  // Auditors change nothing, not even read marks (and no notice is ever addressed to them).
  @Roles('analyst', 'reviewer', 'manager', 'admin')
  @Post('me/notifications/read')
  @HttpCode(204)
  readAll(@CurrentUser() user: AuthUser) {
    return this.notifications.markRead(user.username);
  }

  @Get('cases/:id/assignment')
  assignment(@Param('id') id: string) {
    return this.assign.get(id);
  }

  @Roles('manager')
  @Put('cases/:id/assignment')
  setAssignment(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: AssignmentDto) {
    return this.assign.assign(user, id, dto);
  }
}
