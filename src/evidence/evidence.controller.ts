import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiOkResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs';
import { EvidenceResponseDto } from './dto/evidence-response.dto';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { EvidenceDto, EvidenceListQueryDto, RetractEvidenceDto } from './dto/evidence.dto';
import { EvidenceService } from './evidence.service';

@ApiTags('evidence')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('api')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @ApiOkResponse({ type: [EvidenceResponseDto] })
  @ApiOperation({ summary: 'A case\'s evidence' })
  /** `?page=&pageSize=&stance=&reliability=` answers `{ items, total, page, pageSize, counts }`; without them, the whole list. */
  @Get('cases/:caseId/evidence')
  list(@Param('caseId') caseId: string, @Query() query: EvidenceListQueryDto) {
    return this.evidence.listOrPage(caseId, query);
  }

  @Roles('analyst')
  @ApiCreatedResponse({ type: EvidenceResponseDto })
  @ApiOperation({ summary: 'Add evidence to a case' })
  @Post('cases/:caseId/evidence')
  add(@CurrentUser() user: AuthUser, @Param('caseId') caseId: string, @Body() dto: EvidenceDto) {
    return this.evidence.add(user, caseId, dto);
  }

  @ApiOkResponse({ type: EvidenceResponseDto })
  @ApiOperation({ summary: 'One evidence item at its current revision' })
  @Get('evidence/:id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.evidence.get(id);
  }

  @ApiOkResponse({ type: [EvidenceResponseDto] })
  @ApiOperation({ summary: 'Every revision of an evidence item' })
  @Get('evidence/:id/revisions')
  revisions(@Param('id', ParseUUIDPipe) id: string) {
    return this.evidence.revisions(id);
  }

  @Roles('analyst')
  @ApiOkResponse({ type: EvidenceResponseDto })
  @ApiOperation({ summary: 'Revise an evidence item' })
  @Put('evidence/:id')
  revise(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: EvidenceDto) {
    return this.evidence.revise(user, id, dto);
  }

  @Roles('analyst')
  @ApiOkResponse({ type: EvidenceResponseDto })
  @ApiOperation({ summary: 'Retract an evidence item' })
  @Post('evidence/:id/retract')
  @HttpCode(200)
  retract(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RetractEvidenceDto) {
    return this.evidence.retract(user, id, dto);
  }
}
