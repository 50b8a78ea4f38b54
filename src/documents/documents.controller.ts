import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DocumentsService } from './documents.service';
import { DocumentQueryDto } from './dto/document-query.dto';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('api/cycles')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** The latest stored decision memo. */
  @Get(':id/memo')
  async memo(@Param('id') id: string, @Query() query: DocumentQueryDto) {
    const doc = await this.documents.memo(id, query.format, query.tranche);
    return new StreamableFile(doc.body, { type: doc.contentType, disposition: `inline; filename="${doc.filename}"` });
  }

  /** The transmitted report, or a draft rendered now. */
  @Get(':id/report')
  async report(@Param('id') id: string, @Query() query: DocumentQueryDto) {
    const doc = await this.documents.report(id, query.format, query.tranche);
    return new StreamableFile(doc.body, { type: doc.contentType, disposition: `inline; filename="${doc.filename}"` });
  }
}
