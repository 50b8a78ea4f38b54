import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { CyclesService } from './cycles.service';
import { CreateCycleDto } from './dto/create-cycle.dto';

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
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.cycles.get(user, id);
  }

  @Get(':id/history')
  history(@Param('id') id: string) {
    return this.cycles.history(id);
  }
}
