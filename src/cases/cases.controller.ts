import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs';
import { CaseResponseDto } from './dto/case-response.dto';
import { HistoryItemDto } from '../audit/dto/history-response.dto';
import { RecordHistoryQueryDto } from '../audit/dto/history-query.dto';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { CasesService } from './cases.service';
import { AsOfQueryDto } from './dto/as-of-query.dto';
import { CaseEventDto } from './dto/case-event.dto';
import { ProposedFindingDto } from './dto/proposed-finding.dto';

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('api/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @ApiOkResponse({ type: CaseResponseDto })
  @ApiOperation({ summary: 'A criterion case (as it stood at `asOf` when given)' })
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: AsOfQueryDto) {
    return this.cases.read(user, id, query);
  }

  /** Who may send which event is decided by the machine (role, separation of duties); auditors and admins never. */
  @Roles('analyst', 'reviewer', 'manager')
  @ApiOkResponse({ type: CaseResponseDto })
  @ApiOperation({ summary: 'Apply a case event (submit, approve, request changes, withdraw, reopen)' })
  @Post(':id/events')
  @HttpCode(200)
  sendEvent(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: CaseEventDto) {
    return this.cases.sendEvent(user, id, dto);
  }

  @Roles('analyst')
  @ApiOkResponse({ type: CaseResponseDto })
  @ApiOperation({ summary: 'Set the proposed finding' })
  @Put(':id/proposed-finding')
  proposeFinding(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: ProposedFindingDto) {
    return this.cases.proposeFinding(user, id, dto);
  }

  @ApiOkResponse({ type: [HistoryItemDto] })
  @ApiOperation({ summary: 'The case\'s history, oldest first' })
  /** Oldest first; `?page=&pageSize=` answers `{ items, total, page, pageSize }`. */
  @Get(':id/history')
  history(@Param('id') id: string, @Query() query: RecordHistoryQueryDto) {
    return this.cases.history(id, query);
  }
}
