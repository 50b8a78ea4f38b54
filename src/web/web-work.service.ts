import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth.types';
import { NotificationsService } from '../notifications/notifications.service';
import { AssignmentDto } from '../work/dto/assignment.dto';
import { AssignService } from '../work/assign.service';
import { MyWorkService } from '../work/my-work.service';
import { caseUrl } from './web-cases.service';
import { formToDto } from './web-forms';
import { WebPage } from './web-page';
import type { WebRequest } from './web-session';
import { inboxView, myWorkView } from './work.view';

/** My work (the home page), the inbox and the assignment form. */
@Injectable()
export class WebWorkService {
  constructor(
    private readonly work: MyWorkService,
    private readonly notifications: NotificationsService,
    private readonly assign: AssignService,
    private readonly page: WebPage,
  ) {}

  async home(req: WebRequest): Promise<string> {
    const user = req.user as AuthUser;
    const work = await this.work.forUser(user);
    return this.page.renderWith(req, 'work', { title: 'My work', section: 'work' }, myWorkView(work, user.roles), work.counts);
  }

  async inbox(req: WebRequest): Promise<string> {
    const user = req.user as AuthUser;
    return this.page.render(req, 'inbox', { title: 'Inbox', section: 'inbox' }, inboxView(await this.notifications.inbox(user.username)));
  }

  async markAllRead(user: AuthUser) {
    await this.notifications.markRead(user.username);
    return { url: '/inbox' };
  }

  async assignCase(user: AuthUser, id: string, body: unknown) {
    const dto = formToDto(AssignmentDto, body, { analyst: 'string', reviewer: 'string', dueDate: 'string' });
    await this.assign.assign(user, id, dto);
    return { url: `${caseUrl(id, 'assigned')}#assignment` };
  }
}
