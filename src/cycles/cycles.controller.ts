import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiOkResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs';
import { CycleResponseDto } from './dto/cycle-response.dto';
import { HistoryItemDto } from '../audit/dto/history-response.dto';
import { RecordHistoryQueryDto } from '../audit/dto/history-query.dto';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { CyclesService } from './cycles.service';
import { CreateCycleDto } from './dto/create-cycle.dto';
import { CycleEventDto } from './dto/cycle-event.dto';
import { AsOfQueryDto } from '../cases/dto/as-of-query.dto';

@ApiTags('cycles')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('api/cycles')
export class CyclesController {
  constructor(private readonly cycles: CyclesService) {}

  @ApiOkResponse({ type: [CycleResponseDto] })
  @ApiOperation({ summary: 'The cycles' })
  @Get()
  list(@CurrentUser() user: AuthUser) {
    return this.cycles.list(user);
  }

  @Roles('manager')
  @ApiCreatedResponse({ type: CycleResponseDto })
  @ApiOperation({ summary: 'Open a cycle with one case per criterion' })
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateCycleDto) {
    return this.cycles.create(user, dto);
  }

  @ApiOkResponse({ type: CycleResponseDto })
  @ApiOperation({ summary: 'A cycle (as it stood at `asOf` when given)' })
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: AsOfQueryDto) {
    return this.cycles.read(user, id, query);
  }

  /** Every cycle event is a manager's (SPEC section 3): refused before the body is validated; the machine judges the rest. */
  @Roles('manager')
  @ApiOkResponse({ type: CycleResponseDto })
  @ApiOperation({ summary: 'Apply a cycle event (prepare memo, decide, transmit)' })
  @Post(':id/events')
  @HttpCode(200)
  sendEvent(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: CycleEventDto) {
    return this.cycles.sendEvent(user, id, dto);
  }

  @ApiOkResponse({ type: [HistoryItemDto] })
  @ApiOperation({ summary: 'The cycle\'s history, oldest first' })
  /** Oldest first; `?page=&pageSize=` answers `{ items, total, page, pageSize }`. */
  @Get(':id/history')
  history(@Param('id') id: string, @Query() query: RecordHistoryQueryDto) {
    return this.cycles.history(id, query);
  }
}
