import { Body, Controller, Get, Header, Param, Post, Query, Redirect, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { ApiExcludeController } from '@nestjs/swagger';
import { CsrfGuard } from './csrf.guard';
import { WebCyclesService } from './web-cycles.service';
import { WebExceptionFilter } from './web-exception.filter';
import type { WebRequest } from './web-session';

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller()
export class WebCyclesController {
  constructor(private readonly pages: WebCyclesService) {}

  @Get('cycles')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  list(@Req() req: WebRequest) {
    return this.pages.list(req);
  }

  // Before cycles/:id, so "new" is not taken for a cycle id.
  @Roles('manager')
  @Get('cycles/new')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  openForm(@Req() req: WebRequest, @Query('statuteId') statuteId: unknown) {
    return this.pages.openForm(req, statuteId);
  }

  @Roles('manager')
  @Post('cycles/new')
  @Redirect('/', 303)
  open(@CurrentUser() user: AuthUser, @Body() body: unknown) {
    return this.pages.open(user, body);
  }

  @Get('cycles/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  show(@Req() req: WebRequest, @Param('id') id: string, @Query('done') done: unknown) {
    return this.pages.show(req, id, done);
  }

  /** A final decision is first shown back for confirmation; nothing changes on this route. */
  @Roles('manager')
  @Post('cycles/:id/confirm')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  confirm(@Req() req: WebRequest, @Param('id') id: string, @Body() body: unknown) {
    return this.pages.confirm(req, id, body);
  }

  @Roles('manager')
  @Post('cycles/:id/events')
  @Redirect('/', 303)
  sendEvent(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: unknown) {
    return this.pages.sendEvent(user, id, body);
  }
}
