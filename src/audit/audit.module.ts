import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JournalEntryEntity, JournalHeadEntity } from './journal-entry.entity';
import { JournalRepository } from './journal.repository';
import { JournalService } from './journal.service';

@Module({
  imports: [TypeOrmModule.forFeature([JournalEntryEntity, JournalHeadEntity])],
  providers: [JournalService, JournalRepository],
  exports: [JournalService, JournalRepository],
})
export class AuditModule {}
