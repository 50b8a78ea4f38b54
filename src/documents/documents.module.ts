import { Module } from '@nestjs/common';
import { StatutesModule } from '../statutes/statutes.module';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';
import { PdfRenderer } from './pdf-renderer';

/** Decision memos and reports to Congress: rendering, storage, formats. */
@Module({
  imports: [StatutesModule],
  providers: [DocumentsRepository, DocumentsService, PdfRenderer],
  controllers: [DocumentsController],
  exports: [DocumentsService],
})
export class DocumentsModule {}
