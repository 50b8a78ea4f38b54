import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { CyclesModule } from '../cycles/cycles.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { StatutesModule } from '../statutes/statutes.module';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';
import { PdfRenderer } from './pdf-renderer';
import { StoredPdf } from './stored-pdf';

/** Decision memos and reports to Congress: rendering, storage, formats. */
@Module({
  imports: [AuditModule, AuthModule, StatutesModule, CasesModule, EvidenceModule, CyclesModule],
  providers: [DocumentsRepository, DocumentsService, PdfRenderer, StoredPdf],
  controllers: [DocumentsController],
  exports: [DocumentsService, DocumentsRepository],
})
export class DocumentsModule {}
