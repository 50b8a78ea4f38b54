import { GENESIS_HASH, journalEntryHash } from './journal-hash';
import type { JournalHeadState } from './journal.repository';
import { JournalRow, toJournalRow } from './journal-row';

export interface VerifyResult {
  ok: boolean;
  /** Rows whose hash and link were checked and found intact. */
  checked: number;
  firstBrokenSeq: number | null;
  reason?: string;
}

/**
 * Checks the chain one row at a time, in seq order, holding only the previous hash:
 * the caller streams a million rows through it in batches. Stops at the first break.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private checked = 0;
  private broken: { seq: number; reason: string } | null = null;

  get isBroken(): boolean {
    return this.broken !== null;
  }

  /** Feeds the next raw row (as read by JournalRepository.batchAfter); false once the chain is broken. */
  push(raw: Record<string, unknown>): boolean {
    if (this.broken) return false;
    const seq = Number(raw.seq);
    if (seq !== this.expectedSeq) {
      return this.fail(this.expectedSeq, `row ${this.expectedSeq} is missing (the next row is ${seq})`);
    }
    let row: JournalRow;
    try {
      row = toJournalRow(raw);
    } catch {
      return this.fail(seq, `row ${seq} has a payload that is not valid JSON`);
    }
    if (journalEntryHash(row) !== row.hash) return this.fail(seq, `row ${seq} does not match its hash (changed or moved)`);
    if (row.prevHash !== this.prevHash) {
      return this.fail(seq, seq === 1 ? 'row 1 does not start from the genesis hash' : `row ${seq} does not link to the hash of row ${seq - 1}`);
    }
    this.prevHash = row.hash;
    this.expectedSeq += 1;
    this.checked += 1;
    return true;
  }

  /** The verdict once every row up to the head has been pushed; also checks the head against the last row. */
  finish(head: JournalHeadState): VerifyResult {
    if (!this.broken) {
      const lastSeq = this.expectedSeq - 1;
      if (lastSeq < head.headSeq) {
        this.fail(lastSeq + 1, `row ${lastSeq + 1} is missing (the journal head is at ${head.headSeq})`);
      } else if (head.headHash !== this.prevHash) {
        this.fail(lastSeq, `the journal head does not match the hash of row ${lastSeq}`);
      } else if (head.maxSeq !== null && head.maxSeq > head.headSeq) {
        this.fail(head.headSeq + 1, `rows after ${head.headSeq} were not written through the journal head`);
      }
    }
    return this.broken
      ? { ok: false, checked: this.checked, firstBrokenSeq: this.broken.seq, reason: this.broken.reason }
      : { ok: true, checked: this.checked, firstBrokenSeq: null };
  }

  private fail(seq: number, reason: string): false {
    this.broken = { seq, reason };
    return false;
  }
}
