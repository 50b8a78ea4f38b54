import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs';
import { HistoryPageDto, VerifyResponseDto } from './dto/history-response.dto';
import { Roles } from '../auth/auth.decorators';
import { AuditService } from './audit.service';
import { ExportQueryDto } from './dto/export-query.dto';
import { HistoryQueryDto } from './dto/history-query.dto';
import { HistoryService } from './history.service';

@ApiTags('audit')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('api')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly history: HistoryService,
  ) {}

  /** Recomputes the whole hash chain: `{ ok, checked, firstBrokenSeq, reason? }`. */
  @Roles('auditor')
  @ApiOkResponse({ type: VerifyResponseDto })
  @ApiOperation({ summary: 'Verify the journal\'s hash chain' })
  @Get('audit/verify')
  verify() {
    return this.audit.verify();
  }

  /** The whole journal, streamed: JSON (re-verifiable) or CSV. */
  @Roles('auditor')
  @ApiOkResponse({ description: 'The journal as a file', content: { 'application/json': { schema: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Journal rows, oldest first, with their hashes' } }, 'text/csv': { schema: { type: 'string' } } } })
  @ApiOperation({ summary: 'Export the whole journal (JSON or CSV)' })
  @Get('audit/export')
  async export(@Query() query: ExportQueryDto) {
    const file = await this.audit.export(query.format ?? 'json');
    return new StreamableFile(file.stream, { type: file.contentType, disposition: `attachment; filename="${file.filename}"` });
  }

  @Roles('auditor', 'manager')
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiOperation({ summary: 'The whole history, filtered and paged' })
  @Get('history')
  search(@Query() query: HistoryQueryDto) {
    return this.history.search(query);
  }
}
