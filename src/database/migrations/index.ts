import { EvidenceListing1765700000000 } from './1765700000000-evidence-listing';
import { RoundAuthors1765800000000 } from './1765800000000-round-authors';
import { JournalCaseSeqAt1765800100000 } from './1765800100000-journal-case-seq-at';
import { InitialSchema1764400000000 } from './1764400000000-initial-schema';
import { Documents1764400100000 } from './1764400100000-documents';
import { JournalAppendOnly1764400200000 } from './1764400200000-journal-append-only';
import { JournalSearchIndexes1764400300000 } from './1764400300000-journal-search-indexes';
import { RevokedSessions1764400400000 } from './1764400400000-revoked-sessions';
import { StorageProbe1765000000000 } from './1765000000000-storage-probe';
import { SeedState1765000100000 } from './1765000100000-seed-state';
import { SignInLimits1765000200000 } from './1765000200000-sign-in-limits';
import { TranchesAndStatuteVersions1765100000000 } from './1765100000000-tranches-and-statute-versions';
import { JournalIntegration1765200000000 } from './1765200000000-journal-integration';
import { DocumentCheckpoint1765200100000 } from './1765200100000-document-checkpoint';
import { WorkQueues1765500000000 } from './1765500000000-work-queues';
import { CarriedForward1765600000000 } from './1765600000000-carried-forward';
import { DocumentFiles1765400000000 } from './1765400000000-document-files';
import { ListingIndexes1765300000000 } from './1765300000000-listing-indexes';
import { JournalSnapshots1765300100000 } from './1765300100000-journal-snapshots';

// Listed explicitly so that the same set runs from ts-jest, dist/ and the CLI.
export const MIGRATIONS = [
  InitialSchema1764400000000,
  Documents1764400100000,
  JournalAppendOnly1764400200000,
  JournalSearchIndexes1764400300000,
  RevokedSessions1764400400000,
  StorageProbe1765000000000,
  SeedState1765000100000,
  SignInLimits1765000200000,
  TranchesAndStatuteVersions1765100000000,
  JournalIntegration1765200000000,
  DocumentCheckpoint1765200100000,
  WorkQueues1765500000000,
  CarriedForward1765600000000,
  DocumentFiles1765400000000,
  ListingIndexes1765300000000,
  JournalSnapshots1765300100000,
  EvidenceListing1765700000000,
  RoundAuthors1765800000000,
  JournalCaseSeqAt1765800100000,
];
