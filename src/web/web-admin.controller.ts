import { Body, Controller, Get, Header, Param, ParseIntPipe, Post, Query, Redirect, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { CsrfGuard } from './csrf.guard';
import { WebAdminService } from './web-admin.service';
import { WebExceptionFilter } from './web-exception.filter';
import type { WebRequest } from './web-session';

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller()
export class WebAdminController {
  constructor(private readonly pages: WebAdminService) {}

  @Roles('admin')
  @Get('admin/users')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  list(@Req() req: WebRequest, @Query('done') done: unknown) {
    return this.pages.list(req, done);
  }

  @Roles('admin')
  @Post('admin/users')
  @Redirect('/admin/users', 303)
  create(@CurrentUser() user: AuthUser, @Body() body: unknown) {
    return this.pages.create(user, body);
  }

  @Roles('admin')
  @Post('admin/users/:id/roles')
  @Redirect('/admin/users', 303)
  roles(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() body: unknown) {
    return this.pages.changeRoles(user, id, body);
  }

  @Roles('admin')
  @Post('admin/users/:id/deactivate')
  @Redirect('/admin/users', 303)
  deactivate(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number) {
    return this.pages.deactivate(user, id);
  }

  @Roles('admin')
  @Post('admin/users/:id/reactivate')
  @Redirect('/admin/users', 303)
  reactivate(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number) {
    return this.pages.reactivate(user, id);
  }

  @Roles('admin')
  @Post('admin/users/:id/password-reset')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  passwordReset(@Req() req: WebRequest, @Param('id', ParseIntPipe) id: number) {
    return this.pages.passwordReset(req, id);
  }

  @Public()
  @Get('reset-password')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  resetForm(@Req() req: WebRequest, @Res({ passthrough: true }) res: Response, @Query('token') token: unknown) {
    return this.pages.resetForm(req, res, token);
  }

  @Public()
  @Post('reset-password')
  @Redirect('/login', 303)
  resetPassword(@Body() body: unknown) {
    return this.pages.resetPassword(body);
  }
}
