import { Controller, Get, Header, Param, Query, Req, StreamableFile, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ExportQueryDto } from '../audit/dto/export-query.dto';
import { Roles } from '../auth/auth.decorators';
import { CsrfGuard } from './csrf.guard';
import { WebAuditService } from './web-audit.service';
import { WebExceptionFilter } from './web-exception.filter';
import type { WebRequest } from './web-session';

/** The audit page: the same roles as GET /api/history and /api/audit/export. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller('audit')
export class WebAuditController {
  constructor(private readonly pages: WebAuditService) {}

  @Roles('auditor', 'manager')
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  show(@Req() req: WebRequest, @Query() query: Record<string, unknown>) {
    return this.pages.show(req, query);
  }

  @Roles('auditor', 'manager')
  @Get('evidence/:id/compare')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  compare(@Req() req: WebRequest, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    return this.pages.compare(req, id, query);
  }

  @Roles('auditor')
  @Get('export')
  async export(@Query() query: ExportQueryDto) {
    const file = await this.pages.export(query);
    return new StreamableFile(file.stream, { type: file.contentType, disposition: `attachment; filename="${file.filename}"` });
  }
}
