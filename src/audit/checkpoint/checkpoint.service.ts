import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { invalidInput } from '../../common/domain-error';
import { Clock } from '../../common/clock';
import { APP_CONFIG } from '../../config/app-config';
import type { AppConfig } from '../../config/app-config';
import { IntegratedEntry, JournalIntegrator } from '../journal-integrator';
import { JournalRepository } from '../journal.repository';
import { consistencyProof, inclusionProof, leafHash, rootAt } from '../merkle/merkle-tree';
import { JournalTreeRepository } from '../merkle/journal-tree.repository';
import { JournalSigner } from './journal-signer';

export const CHECKPOINT_FILE = 'checkpoints.txt';

export interface SignedCheckpoint {
  origin: string;
  size: number;
  /** Base64 RFC 9162 root hash. */
  root: string;
  /** The signed note: checkpoint body, blank line, signature line. */
  note: string;
}

/** Events after which a checkpoint is published at once: a cycle decision or a transmitted report. */
export function isDecision(event: string): boolean {
  return event.startsWith('DECIDE_') || event === 'TRANSMIT_REPORT';
}

/**
 * Signed checkpoints of the journal's Merkle tree, its proofs, and publication: each new
 * checkpoint is appended to CHECKPOINT_DIR (kept apart from the database, so that a copy of
 * the database cannot also rewrite what was published) at most once per interval, and at
 * once after a decision; CHECKPOINT_WEBHOOK, when set, receives each one by POST.
 */
@Injectable()
export class CheckpointService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CheckpointService.name);
  private lastPublishedSize = -1;
  private lastPublishedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private publishing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly journal: JournalRepository,
    private readonly tree: JournalTreeRepository,
    private readonly integrator: JournalIntegrator,
    private readonly clock: Clock,
    private readonly signer: JournalSigner,
  ) {}

  onModuleInit(): void {
    fs.mkdirSync(this.config.journal.checkpointDir, { recursive: true });
    this.integrator.onIntegrated((entries) => this.integrated(entries));
  }

  onModuleDestroy(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  get checkpointDir(): string {
    return this.config.journal.checkpointDir;
  }

  publicKey(): string {
    return this.signer.verifierKey();
  }

  /** The checkpoint of the integrated journal as it stands: its tree, which trails the head only while an upgraded journal's tree is built. */
  async latest(): Promise<SignedCheckpoint> {
    return this.at(await this.treeSize());
  }

  private async treeSize(): Promise<number> {
    const { headSeq, treeSize } = await this.journal.head();
    return Math.min(headSeq, treeSize ?? headSeq);
  }

  /** The signed checkpoint for a tree size; Ed25519 is deterministic, so the same size always signs alike. */
  async at(size: number): Promise<SignedCheckpoint> {
    const root = await this.tree.compute((read) => rootAt(size, read));
    return { origin: this.signer.origin, size, root: root.toString('base64'), note: this.signer.sign(size, root) };
  }

  /** RFC 9162 inclusion proof of row `seq` (leaf seq - 1) in the tree of `size` rows. */
  async inclusion(seq: number, size: number | undefined) {
    const headSeq = await this.treeSize();
    const treeSize = size ?? headSeq;
    if (treeSize > headSeq) throw invalidInput('TREE_SIZE_TOO_LARGE', `The journal has ${headSeq} rows; size ${treeSize} is beyond it`, { headSeq });
    if (seq > treeSize) throw invalidInput('SEQ_OUTSIDE_TREE', `Row ${seq} is not in a tree of ${treeSize} rows`, { headSeq });
    const [row] = await this.journal.hashesBetween(seq - 1, seq);
    const { proof, root } = await this.tree.compute((read) => ({ proof: inclusionProof(seq - 1, treeSize, read), root: rootAt(treeSize, read) }));
    return {
      seq,
      treeSize,
      leafIndex: seq - 1,
      rowHash: row.hash,
      leafHash: leafHash(Buffer.from(row.hash, 'hex')).toString('base64'),
      root: root.toString('base64'),
      proof: proof.map((hash) => hash.toString('base64')),
    };
  }

  /** RFC 9162 consistency proof from the tree of `from` rows to the one of `to` rows. */
  async consistency(from: number, to: number | undefined) {
    const headSeq = await this.treeSize();
    const second = to ?? headSeq;
    if (second > headSeq) throw invalidInput('TREE_SIZE_TOO_LARGE', `The journal has ${headSeq} rows; size ${second} is beyond it`, { headSeq });
    if (from > second) throw invalidInput('TREE_SIZES_REVERSED', `Size ${from} is larger than ${second}`);
    const result = await this.tree.compute((read) => ({
      proof: consistencyProof(from, second, read),
      fromRoot: rootAt(from, read),
      toRoot: rootAt(second, read),
    }));
    return {
      from,
      to: second,
      fromRoot: result.fromRoot.toString('base64'),
      toRoot: result.toRoot.toString('base64'),
      proof: result.proof.map((hash) => hash.toString('base64')),
    };
  }

  /** Awaited before the writes are answered, so a decision is acknowledged only once its checkpoint is out. */
  private async integrated(entries: IntegratedEntry[]): Promise<void> {
    const now = this.clock.now().getTime();
    const due = now - this.lastPublishedAt >= this.config.journal.checkpointIntervalSeconds * 1000;
    if (entries.some((entry) => isDecision(entry.event)) || due) {
      await this.publish();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.publish();
      }, this.lastPublishedAt + this.config.journal.checkpointIntervalSeconds * 1000 - now);
      this.timer.unref();
    }
  }

  /** Appends the current checkpoint to the checkpoint file (durably) unless it is already there; serialised. */
  publish(): Promise<void> {
    this.publishing = this.publishing.then(() => this.publishNow()).catch((error: Error) => {
      this.logger.error(`Checkpoint not published: ${error.message}`);
    });
    return this.publishing;
  }

  private async publishNow(): Promise<void> {
    const checkpoint = await this.latest();
    if (checkpoint.size === this.lastPublishedSize) return;
    const file = path.join(this.config.journal.checkpointDir, CHECKPOINT_FILE);
    const handle = await fs.promises.open(file, 'a');
    try {
      await handle.appendFile(checkpoint.note);
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.lastPublishedSize = checkpoint.size;
    this.lastPublishedAt = this.clock.now().getTime();
    const webhook = this.config.journal.checkpointWebhook;
    if (webhook) {
      fetch(webhook, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: checkpoint.note, signal: AbortSignal.timeout(10_000) })
        .then((response) => {
          if (!response.ok) this.logger.warn(`CHECKPOINT_WEBHOOK answered ${response.status}`);
        })
        .catch((error: Error) => this.logger.warn(`CHECKPOINT_WEBHOOK failed: ${error.message}`));
    }
  }
}
