import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RecordHistoryQueryDto } from '../audit/dto/history-query.dto';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { CyclesService } from './cycles.service';
import { CreateCycleDto } from './dto/create-cycle.dto';
import { CycleEventDto } from './dto/cycle-event.dto';
import { AsOfQueryDto } from '../cases/dto/as-of-query.dto';

@ApiTags('cycles')
@ApiBearerAuth()
@Controller('api/cycles')
export class CyclesController {
  constructor(private readonly cycles: CyclesService) {}

  @Get()
  list(@CurrentUser() user: AuthUser) {
    return this.cycles.list(user);
  }

  @Roles('manager')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateCycleDto) {
    return this.cycles.create(user, dto);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: AsOfQueryDto) {
    return this.cycles.read(user, id, query);
  }

  /** Every cycle event is a manager's (SPEC section 3): refused before the body is validated; the machine judges the rest. */
  @Roles('manager')
  @Post(':id/events')
  @HttpCode(200)
  sendEvent(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: CycleEventDto) {
    return this.cycles.sendEvent(user, id, dto);
  }

  /** Oldest first; `?page=&pageSize=` answers `{ items, total, page, pageSize }`. */
  @Get(':id/history')
  history(@Param('id') id: string, @Query() query: RecordHistoryQueryDto) {
    return this.cycles.history(id, query);
  }
}
