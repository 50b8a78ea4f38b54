import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { EvidenceDto, EvidenceListQueryDto, RetractEvidenceDto } from './dto/evidence.dto';
import { EvidenceService } from './evidence.service';

@ApiTags('evidence')
@ApiBearerAuth()
@Controller('api')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  /** `?page=&pageSize=&stance=&reliability=` answers `{ items, total, page, pageSize, counts }`; without them, the whole list. */
  @Get('cases/:caseId/evidence')
  list(@Param('caseId') caseId: string, @Query() query: EvidenceListQueryDto) {
    return this.evidence.listOrPage(caseId, query);
  }

  @Roles('analyst')
  @Post('cases/:caseId/evidence')
  add(@CurrentUser() user: AuthUser, @Param('caseId') caseId: string, @Body() dto: EvidenceDto) {
    return this.evidence.add(user, caseId, dto);
  }

  @Get('evidence/:id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.evidence.get(id);
  }

  @Get('evidence/:id/revisions')
  revisions(@Param('id', ParseUUIDPipe) id: string) {
    return this.evidence.revisions(id);
  }

  @Roles('analyst')
  @Put('evidence/:id')
  revise(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: EvidenceDto) {
    return this.evidence.revise(user, id, dto);
  }

  @Roles('analyst')
  @Post('evidence/:id/retract')
  @HttpCode(200)
  retract(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RetractEvidenceDto) {
    return this.evidence.retract(user, id, dto);
  }
}
