import { hash as digest } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';
import { canonicalJournalText, GENESIS_HASH } from './journal-hash';
import type { JournalHeadState } from './journal.repository';
import { JournalValues, toJournalValues } from './journal-row';

type Text = string | null;

const PREV_HASH_MEMBER = ',"prevHash":"';
const QUOTE = 34;

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

  /** Feeds the next raw row (as read with JOURNAL_COLUMNS); false once the chain is broken. */
  push(raw: Record<string, unknown>): boolean {
    return this.pushValues(toJournalValues(raw));
  }

  /**
   * Feeds the next row as positional values (JOURNAL_VALUE_COLUMNS). The stored payload
   * text is spliced into the canonical row text as it is, unparsed: only a byte-exact
   * canonical payload reproduces the hash, so any rewrite of it is caught here.
   */
  pushValues(v: JournalValues): boolean {
    if (this.broken) return false;
    const seq = Number(v[0]);
    if (seq !== this.expectedSeq) {
      return this.fail(this.expectedSeq, `row ${this.expectedSeq} is missing (the next row is ${seq})`);
    }
    const payload = v[11];
    if (typeof payload !== 'string') return this.fail(seq, `row ${seq} has a payload that is not JSON text`);
    const text = canonicalJournalText(
      seq, v[1] as string, v[2] as string, v[3] as string, v[4] as Text, v[5] as Text, v[6] as string, v[7] as Text, v[8] as Text,
      v[9] as string, v[10] as Text, payload, v[12] as string,
    );
    if (digest('sha256', text, 'hex') !== v[13]) return this.fail(seq, mismatchReason(seq, payload));
    if (v[12] !== this.prevHash) {
      return this.fail(seq, seq === 1 ? 'row 1 does not start from the genesis hash' : `row ${seq} does not link to the hash of row ${seq - 1}`);
    }
    this.prevHash = v[13] as string;
    this.expectedSeq += 1;
    this.checked += 1;
    return true;
  }

  /** Seq of the last row found intact (0 before the first). */
  get lastSeq(): number {
    return this.expectedSeq - 1;
  }

  /**
   * Fast path for a row whose canonical text the database assembled
   * (SQLITE_CANONICAL_JOURNAL_TEXT). True when the row is confirmed intact and linked;
   * false, changing nothing, when it cannot be confirmed: the caller then feeds that row
   * and the rest of its batch through pushValues, which gives the verdict.
   */
  confirmText(seq: unknown, text: unknown, hash: unknown): boolean {
    if (this.broken || seq !== this.expectedSeq || typeof text !== 'string' || typeof hash !== 'string') return false;
    if (digest('sha256', text, 'hex') !== hash) return false;
    // The text is the one that was hashed, so its last "prevHash" member is the stored
    // prev_hash (only seq and the toState string follow it; neither can spell it).
    const at = text.lastIndexOf(PREV_HASH_MEMBER) + PREV_HASH_MEMBER.length;
    if (at < PREV_HASH_MEMBER.length || !text.startsWith(this.prevHash, at) || text.charCodeAt(at + this.prevHash.length) !== QUOTE) return false;
    this.prevHash = hash;
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

// Only on the (rare) failing row: say whether the payload text itself is what changed.
function mismatchReason(seq: number, payload: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return `row ${seq} has a payload that is not valid JSON`;
  }
  let canonical: string | null = null;
  try {
    canonical = canonicalJson(parsed);
  } catch {
    // e.g. 1e999 parses to Infinity, which has no canonical form: not what was written.
  }
  return canonical === payload
    ? `row ${seq} does not match its hash (changed or moved)`
    : `row ${seq} does not match its hash (its payload text is not the canonical form that was written)`;
}
