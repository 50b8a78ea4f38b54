import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs';
import { DocumentsService, RenderedDocument } from './documents.service';
import { DocumentQueryDto } from './dto/document-query.dto';

// The document in the format asked for; the same content whichever the format.
const DOCUMENT_RESPONSE = {
  description: 'The document: HTML (default), Markdown, Word or PDF',
  content: {
    'text/html': { schema: { type: 'string' } },
    'text/markdown': { schema: { type: 'string' } },
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: { type: 'string', format: 'binary' } },
    'application/pdf': { schema: { type: 'string', format: 'binary' } },
  },
};

@ApiTags('documents')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('api/cycles')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** The latest stored decision memo. */
  @ApiOkResponse(DOCUMENT_RESPONSE)
  @ApiOperation({ summary: 'The latest stored decision memo (HTML, Markdown, Word or PDF)' })
  @Get(':id/memo')
  async memo(@Param('id') id: string, @Query() query: DocumentQueryDto) {
    return toFile(await this.documents.memo(id, query.format, query.tranche));
  }

  /** The transmitted report, or a draft rendered now. */
  @ApiOkResponse(DOCUMENT_RESPONSE)
  @ApiOperation({ summary: 'The report: transmitted, or a draft rendered now (HTML, Markdown, Word or PDF)' })
  @Get(':id/report')
  async report(@Param('id') id: string, @Query() query: DocumentQueryDto) {
    return toFile(await this.documents.report(id, query.format, query.tranche));
  }
}

function toFile(doc: RenderedDocument): StreamableFile {
  return new StreamableFile(doc.body, { type: doc.contentType, disposition: `inline; filename="${doc.filename}"` });
}
