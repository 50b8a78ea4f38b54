import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs';
import { TrendCellDto, TrendResponseDto } from './dto/trend-response.dto';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { TrendService } from './trend.service';

@ApiTags('trend')
@ApiBearerAuth()
@ApiErrorResponses()
@ApiExtraModels(TrendCellDto)
@Controller('api/trends')
export class TrendController {
  constructor(private readonly trends: TrendService) {}

  /** Criterion families x fiscal years: approved finding and tranche outcome, amounts per year. */
  @ApiOkResponse({ type: TrendResponseDto })
  @ApiOperation({ summary: 'Year-over-year findings and outcomes of a recipient under a line of provisions' })
  @Get(':statuteId/:recipient')
  trend(@CurrentUser() user: AuthUser, @Param('statuteId') statuteId: string, @Param('recipient') recipient: string) {
    return this.trends.trend(user, statuteId, recipient);
  }

  @ApiOkResponse({ description: 'The trend grid as CSV', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiOperation({ summary: 'The trend grid as CSV' })
  @Get(':statuteId/:recipient/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  csv(@CurrentUser() user: AuthUser, @Param('statuteId') statuteId: string, @Param('recipient') recipient: string) {
    return this.trends.csv(user, statuteId, recipient);
  }
}
