import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AuditService } from './audit.service';
import { ExportQueryDto } from './dto/export-query.dto';
import { HistoryQueryDto } from './dto/history-query.dto';
import { HistoryService } from './history.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly history: HistoryService,
  ) {}

  /** Recomputes the whole hash chain: `{ ok, checked, firstBrokenSeq, reason? }`. */
  @Roles('auditor')
  @Get('audit/verify')
  verify() {
    return this.audit.verify();
  }

  /** The journal (or the rows the history filters select), streamed: JSON (re-verifiable) or CSV. */
  @Roles('auditor')
  @Get('audit/export')
  async export(@Query() query: ExportQueryDto) {
    const file = await this.audit.exportFor(query);
    return new StreamableFile(file.stream, { type: file.contentType, disposition: `attachment; filename="${file.filename}"` });
  }

  @Roles('auditor', 'manager')
  @Get('history')
  search(@Query() query: HistoryQueryDto) {
    return this.history.search(query);
  }
}
