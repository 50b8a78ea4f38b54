import { Body, Controller, Get, Header, Param, Post, Query, Redirect, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { CsrfGuard } from './csrf.guard';
import { WebExceptionFilter } from './web-exception.filter';
import type { WebRequest } from './web-session';
import { WebYearOverYearService } from './web-year-over-year.service';

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller()
export class WebYearOverYearController {
  constructor(private readonly pages: WebYearOverYearService) {}

  @Get('trends/:statuteId/:recipient')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  trend(@Req() req: WebRequest, @Param('statuteId') statuteId: string, @Param('recipient') recipient: string) {
    return this.pages.trend(req, statuteId, recipient);
  }

  @Get('trends/:statuteId/:recipient/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="trend.csv"')
  @Header('Cache-Control', 'no-store')
  trendCsv(@Req() req: WebRequest, @Param('statuteId') statuteId: string, @Param('recipient') recipient: string) {
    return this.pages.trendCsv(req, statuteId, recipient);
  }

  @Get('cycles/:id/carry-forward')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  carryForward(@Req() req: WebRequest, @Param('id') id: string, @Query('done') done: unknown) {
    return this.pages.carryForwardPage(req, id, done);
  }

  @Roles('analyst')
  @Post('cycles/:id/carry-forward')
  @Redirect('/', 303)
  carry(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: unknown) {
    return this.pages.carry(user, id, body);
  }
}
