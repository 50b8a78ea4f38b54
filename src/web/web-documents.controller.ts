import { Controller, Get, Header, Param, Query, Req, StreamableFile, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DocumentQueryDto } from '../documents/dto/document-query.dto';
import { CsrfGuard } from './csrf.guard';
import { WebDocumentsService } from './web-documents.service';
import { WebExceptionFilter } from './web-exception.filter';
import type { WebRequest } from './web-session';

/** Memo and report previews, and the documents themselves for the signed-in browser. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller('cycles/:id')
export class WebDocumentsController {
  constructor(private readonly pages: WebDocumentsService) {}

  @Get('memo')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  memo(@Req() req: WebRequest, @Param('id') id: string, @Query() query: DocumentQueryDto) {
    return this.pages.preview(req, id, 'memo', query.tranche);
  }

  @Get('report')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  report(@Req() req: WebRequest, @Param('id') id: string, @Query() query: DocumentQueryDto) {
    return this.pages.preview(req, id, 'report', query.tranche);
  }

  @Get('memo/document')
  async memoFile(@Param('id') id: string, @Query() query: DocumentQueryDto) {
    return toFile(await this.pages.file(id, 'memo', query.format, query.tranche));
  }

  @Get('report/document')
  async reportFile(@Param('id') id: string, @Query() query: DocumentQueryDto) {
    return toFile(await this.pages.file(id, 'report', query.format, query.tranche));
  }
}

function toFile(doc: { body: Buffer; contentType: string; filename: string }): StreamableFile {
  // HTML opens in the browser for printing; Word, PDF and Markdown are downloads.
  const disposition = doc.contentType.startsWith('text/html') ? 'inline' : 'attachment';
  return new StreamableFile(doc.body, { type: doc.contentType, disposition: `${disposition}; filename="${doc.filename}"` });
}
