import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { APP_CONFIG } from '../../config/app-config';
import type { AppConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import { walkChain, WalkedRow } from '../chain-walk';
import { CheckpointService } from '../checkpoint/checkpoint.service';
import { openNote, parseVerifierKey } from '../checkpoint/signed-note';
import { parseCheckpoint } from '../checkpoint/checkpoint';
import { BrokenRange, ChainVerifier } from '../journal-chain-verifier';
import { JournalRepository } from '../journal.repository';
import { consistencyProof, Hash, inclusionProof, leafHash, MerkleFrontier, frontierAddresses, rootAt, verifyConsistency, verifyInclusion } from '../merkle/merkle-tree';
import { JournalTreeRepository } from '../merkle/journal-tree.repository';
import { KeptCheckpoint, readKeptCheckpoints } from './checkpoint-file';
import { ReadingThreadSource, TextSource } from './text-sources';

// From this many rows a second thread reads and hashes while this one checks the chain and
// folds the rows: starting it costs about as much as hashing a few thousand rows here.
export const VERIFY_THREAD_FROM = 10_000;

/** What the live-table reconciliation reports; `ok` false fails the verification. */
export interface ReconciliationReport {
  ok: boolean;
  [detail: string]: unknown;
}

/**
 * The reconciliation of live tables with the state rebuilt from the journal. It lives in a
 * module above every table it compares (and so above this one): it registers itself here at
 * start-up, and every verification then runs it and includes its report.
 */
export interface JournalReconciler {
  /**
   * Starts a reconciliation that folds the journal up to `afterSeq` itself and then takes the
   * rows the verification's walk reads (one read of the journal for both); `finish` reads any
   * row it was not given, up to the head, and compares.
   */
  begin(afterSeq: number): Promise<{ row: WalkedRow; finish(): Promise<ReconciliationReport> }>;
}

export interface CheckpointFinding {
  source: string;
  size: number | null;
  reason: string;
}

export interface JournalVerification {
  ok: boolean;
  /** Rows found intact before the first break (all rows when intact). */
  checked: number;
  firstBrokenSeq: number | null;
  reason?: string;
  broken: BrokenRange[];
  brokenTotal: number;
  headSeq: number;
  headHash: string;
  /** Base64 root of the tree rebuilt from the rows. */
  root: string;
  /** The newest kept checkpoint the journal was found consistent with. */
  checkpoint: { source: string; size: number; root: string } | null;
  checkpoints: { kept: number; contradicted: CheckpointFinding[] };
  /** Stored Merkle nodes (used for proofs) agree with the rows. */
  tree: { ok: boolean; reason?: string };
  /** The head's checkpoint signed by the integrator matches the rows: nothing was appended or moved without the key. */
  signedHead: { ok: boolean; reason?: string };
  /** Entries committed but not integrated for longer than the checkpoint interval. */
  unintegrated: { count: number; oldestAt: string | null };
  /** Incremental run: the checkpoint it started from. */
  from?: { source: string; size: number };
  reconciliation: ReconciliationReport | null;
}

interface Start {
  kept: KeptCheckpoint & { checkpoint: NonNullable<KeptCheckpoint['checkpoint']> };
  prevHash: string;
  frontier: MerkleFrontier;
}

/**
 * Verification of the whole journal: the chain (every broken range), the Merkle tree rebuilt
 * from the rows against every checkpoint kept in CHECKPOINT_DIR (signature, and the tree at
 * that size: a rewrite, cut or forged append behind a checkpoint contradicts it, and the
 * report names it), the stored nodes proofs are served from, and unintegrated entries.
 */
@Injectable()
export class JournalVerifyService {
  // The newest checkpoint a run found consistent: `?from=checkpoint` starts there.
  private lastVerified: { source: string; size: number } | null = null;

  constructor(
    private readonly journal: JournalRepository,
    private readonly tree: JournalTreeRepository,
    private readonly checkpoints: CheckpointService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private reconciler: JournalReconciler | null = null;

  useReconciler(reconciler: JournalReconciler): void {
    this.reconciler = reconciler;
  }

  async verify(options: { fromCheckpoint?: boolean; onProgress?: (lastSeq: number, headSeq: number) => void } = {}): Promise<JournalVerification> {
    const head = await this.journal.head();
    const kept = readKeptCheckpoints(this.checkpoints.checkpointDir, parseVerifierKey(this.checkpoints.publicKey()), this.config.journal.origin);
    const valid = kept.filter((k): k is Start['kept'] => k.checkpoint !== null);
    const contradicted: CheckpointFinding[] = kept.filter((k) => k.invalid).map((k) => ({ source: k.source, size: null, reason: k.invalid! }));

    const start = options.fromCheckpoint ? await this.startFrom(valid, head.headSeq) : null;
    const verifier = start
      ? new ChainVerifier({ afterSeq: start.kept.checkpoint.size, prevHash: start.prevHash, frontier: start.frontier }, valid.map((k) => k.checkpoint.size))
      : new ChainVerifier(undefined, valid.map((k) => k.checkpoint.size));
    options.onProgress?.(verifier.lastSeq, head.headSeq);
    const reconciling = this.reconciler ? await this.reconciler.begin(verifier.lastSeq) : null;
    const source = head.headSeq - verifier.lastSeq >= VERIFY_THREAD_FROM ? this.secondThread() : undefined;
    try {
      await walkChain(this.journal, this.unitOfWork.isPostgres, verifier, head.headSeq, {
        onProgress: (last) => options.onProgress?.(last, head.headSeq),
        onRow: reconciling?.row,
        source,
      });
    } finally {
      await source?.close();
    }
    const chain = verifier.finish(head);
    const root = verifier.root();

    let newest: JournalVerification['checkpoint'] = null;
    for (const { source, checkpoint } of valid) {
      const finding = await this.contradiction(checkpoint, verifier, start);
      if (finding) contradicted.push({ source, size: checkpoint.size, reason: finding });
      else if (!newest || checkpoint.size > newest.size) newest = { source, size: checkpoint.size, root: checkpoint.root.toString('base64') };
    }
    const tree = await this.checkStoredTree(verifier.treeSize, root);
    const signedHead = this.checkSignedHead(head.signedHead ?? null, head.headSeq, verifier.treeSize === head.headSeq ? root : null);
    const unintegrated = await this.unintegrated();
    const reconciliation = reconciling ? await reconciling.finish() : null;
    const ok = chain.ok && contradicted.length === 0 && tree.ok && signedHead.ok && (reconciliation?.ok ?? true);
    if (ok && newest) this.lastVerified = { source: newest.source, size: newest.size };
    return {
      ...chain,
      ok,
      headSeq: head.headSeq,
      headHash: head.headHash,
      root: root.toString('base64'),
      checkpoint: newest,
      checkpoints: { kept: kept.length, contradicted },
      tree,
      signedHead,
      unintegrated,
      ...(start ? { from: { source: start.kept.source, size: start.kept.checkpoint.size } } : {}),
      reconciliation,
    };
  }

  /** The rows read and hashed on a second thread, with a connection of its own; none when no thread can be had. */
  private secondThread(): TextSource | undefined {
    try {
      if (this.config.database.type === 'postgres') return ReadingThreadSource.postgres(this.journal, this.config.database.url);
      const query = this.journal.canonicalTextsQuery();
      return query ? ReadingThreadSource.sqlite(this.journal, query) : undefined;
    } catch {
      // e.g. resource limits: the walk reads and hashes here, with the same verdict.
      return undefined;
    }
  }

  /** Why the journal contradicts a signed checkpoint, or null when it is consistent with it. */
  private async contradiction(checkpoint: { size: number; root: Hash }, verifier: ChainVerifier, start: Start | null): Promise<string | null> {
    if (checkpoint.size > verifier.treeSize) {
      return `it commits to ${checkpoint.size} rows and the journal has ${verifier.treeSize}: rows were cut after it was published`;
    }
    if (start && checkpoint.size <= start.kept.checkpoint.size) {
      // Before the starting checkpoint the rows were not read again: the stored tree proves the older one a prefix of it.
      const from = start.kept.checkpoint;
      try {
        const proof = await this.tree.compute((read) => consistencyProof(checkpoint.size, from.size, read));
        if (verifyConsistency(checkpoint.size, from.size, checkpoint.root, from.root, proof)) return null;
      } catch {
        // a missing node fails the proof
      }
      return `it is not consistent with the checkpoint of ${from.size} rows the verification started from`;
    }
    const root = checkpoint.size === 0 ? null : verifier.rootAt(checkpoint.size);
    if (checkpoint.size > 0 && (!root || !root.equals(checkpoint.root))) {
      return `the journal's first ${checkpoint.size} rows do not hash to its root: they were changed after it was published`;
    }
    return null;
  }

  /** The incremental start: the last checkpoint verified, bound to the stored row hash and tree nodes by its signed root. */
  private async startFrom(valid: Start['kept'][], headSeq: number): Promise<Start | null> {
    const kept = this.lastVerified && valid.find((k) => k.source === this.lastVerified!.source && k.checkpoint.size === this.lastVerified!.size);
    if (!kept || kept.checkpoint.size === 0 || kept.checkpoint.size > headSeq) return null;
    const { size, root } = kept.checkpoint;
    try {
      const frontier = MerkleFrontier.fromStored(size, await this.tree.read(frontierAddresses(size)));
      const [row] = await this.journal.hashesBetween(size - 1, size);
      const proof = await this.tree.compute((read) => inclusionProof(size - 1, size, read));
      if (!row || !frontier.root().equals(root) || !verifyInclusion(size - 1, size, leafHash(Buffer.from(row.hash, 'hex')), proof, root)) return null;
      return { kept, prevHash: row.hash, frontier };
    } catch {
      return null;
    }
  }

  private checkSignedHead(note: string | null, headSeq: number, root: Hash | null): { ok: boolean; reason?: string } {
    if (note === null) return { ok: false, reason: 'the journal head carries no signed checkpoint' };
    try {
      const signed = parseCheckpoint(openNote(note, parseVerifierKey(this.checkpoints.publicKey())));
      if (signed.size !== headSeq) return { ok: false, reason: `the head was signed at ${signed.size} rows and stands at ${headSeq}: rows were appended or cut, or the head moved, without the journal key` };
      if (!root || !signed.root.equals(root)) return { ok: false, reason: `the rows do not hash to the root signed for the head at ${headSeq} rows` };
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: `the head's checkpoint does not verify: ${(error as Error).message}` };
    }
  }

  private async checkStoredTree(size: number, root: Hash): Promise<{ ok: boolean; reason?: string }> {
    try {
      const stored = await this.tree.compute((read) => rootAt(size, read));
      return stored.equals(root) ? { ok: true } : { ok: false, reason: `the stored tree nodes do not match the rows (root at ${size})` };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  }

  private async unintegrated(): Promise<{ count: number; oldestAt: string | null }> {
    const before = new Date(this.clock.now().getTime() - this.config.journal.checkpointIntervalSeconds * 1000).toISOString();
    const [row] = (await this.dataSource.query(`SELECT COUNT(*) AS n, MIN(at) AS oldest FROM journal_pending WHERE at < ${this.unitOfWork.param(1)}`, [before])) as Array<{ n: string | number; oldest: string | null }>;
    return { count: Number(row.n), oldestAt: row.oldest };
  }
}
