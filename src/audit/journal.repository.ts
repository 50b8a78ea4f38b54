import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { JournalEntryEntity } from './journal-entry.entity';

@Injectable()
export class JournalRepository {
  constructor(@InjectRepository(JournalEntryEntity) private readonly journal: Repository<JournalEntryEntity>) {}

  forCase(caseId: string): Promise<JournalEntryEntity[]> {
    return this.journal.find({ where: { caseId }, order: { seq: 'ASC' } });
  }

  forCycle(cycleId: string): Promise<JournalEntryEntity[]> {
    return this.journal.find({ where: { cycleId, entityType: 'cycle' }, order: { seq: 'ASC' } });
  }
}
