import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StatutesModule } from '../statutes/statutes.module';
import { JournalEntryEntity, JournalHeadEntity } from './journal-entry.entity';
import { JournalRepository } from './journal.repository';
import { JournalService } from './journal.service';
import { AsOfService } from './as-of.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { HistoryService } from './history.service';
import { JournalIntegrator } from './journal-integrator';
import { JournalTreeRepository } from './merkle/journal-tree.repository';
import { CheckpointService } from './checkpoint/checkpoint.service';
import { JournalSigner } from './checkpoint/journal-signer';
import { JournalVerifyService } from './verify/journal-verify.service';
import { SnapshotService } from './snapshot.service';

@Module({
  imports: [TypeOrmModule.forFeature([JournalEntryEntity, JournalHeadEntity]), StatutesModule],
  providers: [
    JournalService, JournalRepository, JournalTreeRepository, JournalIntegrator, JournalSigner, CheckpointService, JournalVerifyService,
    AsOfService, AuditService, HistoryService, SnapshotService,
  ],
  controllers: [AuditController],
  exports: [JournalService, JournalRepository, CheckpointService, JournalVerifyService, AsOfService, AuditService, HistoryService, SnapshotService],
})
export class AuditModule {}
