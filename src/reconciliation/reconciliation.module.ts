import { Module, OnModuleInit } from '@nestjs/common';
import { JournalVerifyService } from '../audit/verify/journal-verify.service';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { CyclesModule } from '../cycles/cycles.module';
import { DocumentsModule } from '../documents/documents.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { ReconciliationController } from './reconciliation.controller';
import { ReconciliationService } from './reconciliation.service';

/** Live tables against the journal; sits above every module whose tables it compares. */
@Module({
  imports: [AuditModule, AuthModule, CasesModule, CyclesModule, EvidenceModule, DocumentsModule],
  providers: [ReconciliationService],
  controllers: [ReconciliationController],
  exports: [ReconciliationService],
})
export class ReconciliationModule implements OnModuleInit {
  constructor(
    private readonly verify: JournalVerifyService,
    private readonly reconciliation: ReconciliationService,
  ) {}

  // Every journal verification reconciles the live tables too.
  onModuleInit(): void {
    this.verify.useReconciler({
      begin: async (afterSeq) => {
        const run = await this.reconciliation.begin(afterSeq);
        return { row: run.row, finish: async () => ({ ...(await run.finish()) }) };
      },
    });
  }
}
