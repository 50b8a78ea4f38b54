import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { TrendService } from './trend.service';

@ApiTags('trend')
@ApiBearerAuth()
@Controller('api/trends')
export class TrendController {
  constructor(private readonly trends: TrendService) {}

  /** Criterion families x fiscal years: approved finding and tranche outcome, amounts per year. */
  @Get(':statuteId/:recipient')
  trend(@CurrentUser() user: AuthUser, @Param('statuteId') statuteId: string, @Param('recipient') recipient: string) {
    return this.trends.trend(user, statuteId, recipient);
  }

  @Get(':statuteId/:recipient/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  csv(@CurrentUser() user: AuthUser, @Param('statuteId') statuteId: string, @Param('recipient') recipient: string) {
    return this.trends.csv(user, statuteId, recipient);
  }
}
