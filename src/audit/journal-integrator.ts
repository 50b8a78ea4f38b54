import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { sha256Hex } from '../common/canonical-json';
import { UnitOfWork } from '../database/unit-of-work';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { canonicalEntryText, canonicalJournalText } from './journal-hash';
import { frontierAddresses, leafHashOfHex, MerkleFrontier, StoredNode } from './merkle/merkle-tree';
import { JournalTreeRepository } from './merkle/journal-tree.repository';
import { JournalSigner } from './checkpoint/journal-signer';

/** Pending entries integrated per transaction. */
const BATCH = 500;
/** Existing rows added to the tree per transaction when an older journal is brought up to date. */
const BACKFILL_BATCH = 5000;
// Any fixed bigint: the one PostgreSQL advisory lock that makes a single integrator at a time.
const INTEGRATOR_LOCK = 7_164_001_209;

export interface IntegratedEntry {
  seq: number;
  event: string;
}

export class JournalIntegrityError extends Error {}

interface Head {
  seq: number;
  hash: string;
  treeSize: number;
  signed: boolean;
}

const JOURNAL_COLUMNS = ['seq', 'at', 'entity_type', 'entity_id', 'cycle_id', 'case_id', 'event', 'from_state', 'to_state', 'actor', 'comment', 'payload', 'prev_hash', 'hash'];

/**
 * The sequencer: moves committed entries from `journal_pending` into `journal` in batches, in
 * the order they were stored (so two entries on one record keep their commit order), giving
 * each its seq, prev_hash link and row hash, and storing the Merkle nodes it completes, one
 * transaction per batch. One integrator at a time: on PostgreSQL under an advisory lock (any
 * process may integrate any process's entries); on SQLite inside the writer queue's group
 * transaction, so a group and its integration share one commit.
 * A batch that dies midway rolls back whole; its entries are still pending, and the next
 * integrator takes them. Writes are answered only after their entries are integrated.
 */
@Injectable()
export class JournalIntegrator implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JournalIntegrator.name);
  // The right edge of the tree after the last batch, valid only for that exact head (seq and hash).
  private cached: { seq: number; hash: string; frontier: MerkleFrontier } | null = null;
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private uncommitted: IntegratedEntry[] = [];
  private readonly listeners: Array<(entries: IntegratedEntry[]) => Promise<void>> = [];
  private sweep: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly tree: JournalTreeRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly signer: JournalSigner,
  ) {}

  onModuleInit(): void {
    this.unitOfWork.setCommitHooks(
      this.unitOfWork.isPostgres
        ? { beforeCommit: async () => undefined, afterCommit: async (committed) => (committed ? this.sync() : undefined) }
        : { beforeCommit: (tx) => this.integrateWithin(tx), afterCommit: (committed) => this.settled(committed) },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.catchUp();
    if (this.unitOfWork.isPostgres) {
      // An entry whose process died between its commit and its integration waits at most this long.
      this.sweep = setInterval(() => {
        this.sync().catch((error: Error) => this.logger.error(`Journal integration failed: ${error.message}`));
      }, this.config.journal.checkpointIntervalSeconds * 1000);
      this.sweep.unref();
    }
  }

  onModuleDestroy(): void {
    if (this.sweep) clearInterval(this.sweep);
  }

  /** Called with the entries of every committed integration batch (checkpoint publication). */
  onIntegrated(listener: (entries: IntegratedEntry[]) => Promise<void>): void {
    this.listeners.push(listener);
  }

  /**
   * SQLite: integrates everything pending inside the writer's group transaction, just before
   * it commits. The entries are announced only once `committed()` is called.
   */
  async integrateWithin(tx: EntityManager): Promise<void> {
    for (;;) {
      const entries = await this.batch(tx);
      this.uncommitted.push(...entries);
      if (entries.length < BATCH) return;
    }
  }

  /** SQLite: the group transaction committed (true) or rolled back (false); awaited before its writes are answered. */
  async settled(committed: boolean): Promise<void> {
    const entries = this.uncommitted;
    this.uncommitted = [];
    if (!committed) this.cached = null;
    else if (entries.length) await this.announce(entries);
  }

  /**
   * PostgreSQL: resolves once everything committed before the call is integrated. Calls
   * arriving while a run is going share the run after it (that one sees their entries).
   */
  sync(): Promise<void> {
    if (!this.current) return this.start();
    this.next ??= this.current.catch(() => undefined).then(() => {
      this.next = null;
      return this.start();
    });
    return this.next;
  }

  /** At start-up: the tree caught up with existing rows, and entries left pending by a process that died integrated. */
  async catchUp(): Promise<void> {
    if (this.unitOfWork.isPostgres) return this.sync();
    await this.unitOfWork.write(async () => undefined);
  }

  private start(): Promise<void> {
    const run = this.runUntilEmpty().finally(() => {
      if (this.current === run) this.current = null;
    });
    this.current = run;
    return run;
  }

  private async runUntilEmpty(): Promise<void> {
    for (;;) {
      let entries: IntegratedEntry[];
      try {
        // READ COMMITTED, the server's default (checked at start-up): no second statement to set it.
        entries = await this.dataSource.transaction(async (tx) => {
          await tx.query(`SELECT pg_advisory_xact_lock(${INTEGRATOR_LOCK})`);
          return this.batch(tx);
        });
      } catch (error) {
        this.cached = null;
        throw error;
      }
      if (entries.length) await this.announce(entries);
      if (entries.length < BATCH) return;
    }
  }

  private async announce(entries: IntegratedEntry[]): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(entries);
      } catch (error) {
        this.logger.error(`after integration: ${(error as Error).message}`);
      }
    }
  }

  /** One batch inside `tx`: first any rows not yet in the tree (an upgraded journal), else pending entries. */
  private async batch(tx: EntityManager): Promise<IntegratedEntry[]> {
    const [raw] = (await tx.query('SELECT seq, hash, tree_size AS "treeSize", signed_head AS "signedHead" FROM journal_head WHERE id = 1')) as Array<Record<string, unknown>>;
    const head: Head = { seq: Number(raw.seq), hash: String(raw.hash), treeSize: Number(raw.treeSize), signed: raw.signedHead !== null };
    while (head.treeSize < head.seq) await this.backfill(tx, head);
    const frontier = await this.frontier(tx, head);
    const p = (n: number) => this.unitOfWork.param(n);
    const pending = (await tx.query(
      `SELECT id, at, entity_type, entity_id, cycle_id, case_id, event, from_state, to_state, actor, comment, payload, content_hash FROM journal_pending ORDER BY id LIMIT ${BATCH}`,
    )) as Array<Record<string, string | null>>;
    if (pending.length === 0) {
      // An upgraded journal: its head is signed once its tree is complete.
      if (!head.signed) await tx.query(`UPDATE journal_head SET signed_head = ${p(1)} WHERE id = 1`, [this.signer.sign(head.seq, frontier.root())]);
      return [];
    }
    let seq = head.seq;
    let prevHash = head.hash;
    const rows: unknown[][] = [];
    const nodes: StoredNode[] = [];
    for (const e of pending) {
      const content = [e.at!, e.entity_type!, e.entity_id!, e.cycle_id, e.case_id, e.event!, e.from_state, e.to_state, e.actor!, e.comment, e.payload!] as const;
      if (sha256Hex(canonicalEntryText(...content)) !== e.content_hash) {
        throw new JournalIntegrityError(`pending journal entry ${e.id} does not match its content hash`);
      }
      seq += 1;
      const hash = sha256Hex(canonicalJournalText(seq, ...content.slice(0, 10) as [string, string, string, string | null, string | null, string, string | null, string | null, string, string | null], e.payload!, prevHash));
      rows.push([seq, ...content, prevHash, hash]);
      nodes.push(...frontier.append(leafHashOfHex(hash)));
      prevHash = hash;
    }
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      await tx.query(
        `INSERT INTO journal (${JOURNAL_COLUMNS.join(', ')}) VALUES ${chunk.map((_, j) => `(${JOURNAL_COLUMNS.map((__, k) => p(j * JOURNAL_COLUMNS.length + k + 1)).join(', ')})`).join(', ')}`,
        chunk.flat(),
      );
    }
    await this.tree.insert(tx, nodes);
    await tx.query(`DELETE FROM journal_pending WHERE id IN (${pending.map((_, i) => p(i + 1)).join(', ')})`, pending.map((e) => e.id));
    // Signed with every batch: rows appended or a head moved without the key do not match it.
    await tx.query(`UPDATE journal_head SET seq = ${p(1)}, hash = ${p(2)}, tree_size = ${p(3)}, signed_head = ${p(4)} WHERE id = 1`, [seq, prevHash, seq, this.signer.sign(seq, frontier.root())]);
    this.cached = { seq, hash: prevHash, frontier };
    return pending.map((e, i) => ({ seq: head.seq + i + 1, event: e.event! }));
  }

  private async frontier(tx: EntityManager, head: Head): Promise<MerkleFrontier> {
    if (this.cached && this.cached.seq === head.seq && this.cached.hash === head.hash) return this.cached.frontier;
    this.cached = null;
    return MerkleFrontier.fromStored(head.seq, await this.tree.read(frontierAddresses(head.seq), tx));
  }

  /** Adds existing rows (written before the tree existed) to the tree, from their stored hashes. */
  private async backfill(tx: EntityManager, head: Head): Promise<void> {
    const frontier = MerkleFrontier.fromStored(head.treeSize, await this.tree.read(frontierAddresses(head.treeSize), tx));
    const p = (n: number) => this.unitOfWork.param(n);
    const rows = (await tx.query(`SELECT seq, hash FROM journal WHERE seq > ${p(1)} AND seq <= ${p(2)} ORDER BY seq`, [head.treeSize, head.treeSize + BACKFILL_BATCH])) as Array<{ seq: number | string; hash: string }>;
    const nodes: StoredNode[] = [];
    for (const row of rows) {
      if (Number(row.seq) !== frontier.size + 1 || !/^[0-9a-f]{64}$/.test(row.hash)) {
        throw new JournalIntegrityError(`journal row ${frontier.size + 1} is missing or has no hash; the tree cannot be built past it`);
      }
      nodes.push(...frontier.append(leafHashOfHex(row.hash)));
    }
    if (rows.length === 0) throw new JournalIntegrityError(`journal row ${head.treeSize + 1} is missing; the tree cannot be built past it`);
    await this.tree.insert(tx, nodes);
    head.treeSize = frontier.size;
    await tx.query(`UPDATE journal_head SET tree_size = ${p(1)} WHERE id = 1`, [head.treeSize]);
    if (head.treeSize === head.seq) this.logger.log(`Journal tree built over the ${head.seq} existing rows`);
  }
}
