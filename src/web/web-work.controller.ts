import { Body, Controller, Get, Header, Param, Post, Redirect, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { CsrfGuard } from './csrf.guard';
import { WebExceptionFilter } from './web-exception.filter';
import type { WebRequest } from './web-session';
import { WebWorkService } from './web-work.service';

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller()
export class WebWorkController {
  constructor(private readonly pages: WebWorkService) {}

  /** The home page after sign-in: what waits for this person. */
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  home(@Req() req: WebRequest) {
    return this.pages.home(req);
  }

  @Get('inbox')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  inbox(@Req() req: WebRequest) {
    return this.pages.inbox(req);
  }

  @Roles('analyst', 'reviewer', 'manager', 'admin')
  @Post('inbox/read')
  @Redirect('/inbox', 303)
  markAllRead(@CurrentUser() user: AuthUser) {
    return this.pages.markAllRead(user);
  }

  @Roles('manager')
  @Post('cases/:id/assignment')
  @Redirect('/', 303)
  assign(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: unknown) {
    return this.pages.assignCase(user, id, body);
  }
}
