import { Body, Controller, Get, Header, Param, Post, Query, Redirect, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { CsrfGuard } from './csrf.guard';
import { WebCasesService } from './web-cases.service';
import { WebExceptionFilter } from './web-exception.filter';
import type { WebRequest } from './web-session';

/**
 * The case page; its forms post here and are answered with a redirect (Post/Redirect/Get).
 * Roles as on the matching API routes, checked before the form is read.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller('cases')
export class WebCasesController {
  constructor(private readonly pages: WebCasesService) {}

  @Get(':id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  show(@Req() req: WebRequest, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    return this.pages.show(req, id, query);
  }

  @Roles('analyst')
  @Post(':id/evidence')
  @Redirect('/', 303)
  addEvidence(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: unknown) {
    return this.pages.addEvidence(user, id, body);
  }

  @Roles('analyst')
  @Post(':id/proposed-finding')
  @Redirect('/', 303)
  proposeFinding(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: unknown) {
    return this.pages.proposeFinding(user, id, body);
  }

  @Roles('analyst', 'reviewer', 'manager')
  @Post(':id/events')
  @Redirect('/', 303)
  sendEvent(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: unknown) {
    return this.pages.sendEvent(user, id, body);
  }

  @Roles('analyst')
  @Post(':id/evidence/:evidenceId/revise')
  @Redirect('/', 303)
  revise(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('evidenceId') evidenceId: string, @Body() body: unknown) {
    return this.pages.revise(user, id, evidenceId, body);
  }

  @Roles('analyst')
  @Post(':id/evidence/:evidenceId/retract')
  @Redirect('/', 303)
  retract(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('evidenceId') evidenceId: string, @Body() body: unknown) {
    return this.pages.retract(user, id, evidenceId, body);
  }
}
