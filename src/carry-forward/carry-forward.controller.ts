import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { CarryForwardService } from './carry-forward.service';
import { CarryForwardDto, CarryForwardQueryDto } from './dto/carry-forward.dto';

@ApiTags('cycles')
@ApiBearerAuth()
@Controller('api/cycles/:id/carry-forward')
export class CarryForwardController {
  constructor(private readonly carryForward: CarryForwardService) {}

  /** Per case: the earlier case of its family, unchanged text or the diff, the evidence that would be copied, last year's finding. */
  @Get()
  offer(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: CarryForwardQueryDto) {
    return this.carryForward.offer(user, id, query);
  }

  /** Copies (never moves) the offered evidence and findings; each copy is journaled with its source. */
  @Roles('analyst')
  @Post()
  @HttpCode(200)
  carry(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: CarryForwardDto) {
    return this.carryForward.carry(user, id, dto);
  }
}
