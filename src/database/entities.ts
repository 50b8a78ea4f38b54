import { UserEntity } from '../auth/user.entity';
import { StatuteEntity } from '../statutes/statute.entity';
import { CycleEntity } from '../cycles/cycle.entity';
import { TrancheEntity } from '../cycles/tranche.entity';
import { StatuteVersionEntity } from '../statutes/statute-version.entity';
import { CaseEntity } from '../cases/case.entity';
import { EvidenceEntity } from '../evidence/evidence.entity';
import { EvidenceRevisionEntity } from '../evidence/evidence-revision.entity';
import { JournalEntryEntity, JournalHeadEntity } from '../audit/journal-entry.entity';
import { DocumentEntity } from '../documents/document.entity';
import { CarriedForwardEntity } from '../carry-forward/carried-forward.entity';
import { DocumentFileEntity } from '../documents/document-file.entity';

export const ENTITIES = [
  UserEntity,
  StatuteEntity,
  CycleEntity,
  TrancheEntity,
  StatuteVersionEntity,
  CaseEntity,
  EvidenceEntity,
  EvidenceRevisionEntity,
  JournalEntryEntity,
  JournalHeadEntity,
  DocumentEntity,
  CarriedForwardEntity,
  DocumentFileEntity,
];
