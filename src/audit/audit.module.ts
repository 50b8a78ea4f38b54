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
import { SnapshotService } from './snapshot.service';

@Module({
  imports: [TypeOrmModule.forFeature([JournalEntryEntity, JournalHeadEntity]), StatutesModule],
  providers: [JournalService, JournalRepository, AsOfService, AuditService, HistoryService, SnapshotService],
  controllers: [AuditController],
  exports: [JournalService, JournalRepository, AsOfService, AuditService, HistoryService, SnapshotService],
})
export class AuditModule {}
