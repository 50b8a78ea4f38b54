import { Body, Controller, Get, Header, Ip, Post, Query, Redirect, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { CsrfGuard } from './csrf.guard';
import { WebAuthService } from './web-auth.service';
import { WebExceptionFilter } from './web-exception.filter';
import type { WebRequest } from './web-session';

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller()
export class WebAuthController {
  constructor(private readonly auth: WebAuthService) {}

  @Public()
  @Get('login')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  form(@Req() req: WebRequest, @Res({ passthrough: true }) res: Response, @Query('next') next: unknown, @Query('signedOut') signedOut: unknown, @Query('reset') reset: unknown) {
    return this.auth.form(req, res, { next, signedOut, reset });
  }

  /** Sign-in attempts share the API's budgets, and the form carries a pre-session token. */
  @Public()
  @UseGuards(CsrfGuard)
  @Post('login')
  @Redirect('/', 303)
  login(@Res({ passthrough: true }) res: Response, @Body() body: unknown, @Ip() address: string) {
    return this.auth.login(res, body, address);
  }

  @UseGuards(CsrfGuard)
  @Post('logout')
  @Redirect('/login', 303)
  logout(@Req() req: WebRequest, @Res({ passthrough: true }) res: Response) {
    return this.auth.logout(req, res);
  }
}
