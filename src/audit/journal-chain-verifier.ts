import { hash as digest } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';
import { canonicalJournalText, GENESIS_HASH } from './journal-hash';
import type { JournalHeadState } from './journal.repository';
import { JournalValues, toJournalValues } from './journal-row';
import { Hash, leafHashOfDigestHex, leafHashOfHex, MerkleFrontier } from './merkle/merkle-tree';

type Text = string | null;

const PREV_HASH_MEMBER = ',"prevHash":"';
const QUOTE = 34;
/** Broken ranges listed in a result; the total counts them all. */
export const BROKEN_RANGES_LISTED = 100;

type BreakKind = 'missing' | 'hash' | 'link' | 'head' | 'beyond';
const RANGE_TEXT: Record<BreakKind, string> = {
  missing: 'are missing',
  hash: 'do not match their hashes',
  link: 'do not link to the hash of the row before them',
  head: 'do not match the journal head',
  beyond: 'were not written through the journal head',
};

export interface BrokenRange {
  fromSeq: number;
  toSeq: number;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Rows found intact before the first break (all rows when intact). */
  checked: number;
  firstBrokenSeq: number | null;
  reason?: string;
  /** Every broken range, in seq order, the first BROKEN_RANGES_LISTED of them. */
  broken: BrokenRange[];
  brokenTotal: number;
}

interface Break extends BrokenRange {
  kind: BreakKind;
}

/**
 * Checks the chain one row at a time, in seq order, holding only the previous hash and the
 * right edge of the Merkle tree: the caller streams a million rows through it in batches.
 * Goes on past a break and reports every broken range. After a changed row the chain is
 * followed from that row's stored hash, so one edit is one range, not the rest of the journal.
 * The tree is rebuilt from the stored row hashes (its leaves), so its root can be compared
 * with published checkpoints at the sizes the caller asks to `watch`.
 */
export class ChainVerifier {
  private expectedSeq: number;
  private prevHash: string;
  private intactBeforeBreak = 0;
  private readonly breaks: Break[] = [];
  private brokenCount = 0;
  private readonly frontier: MerkleFrontier;
  private readonly watched: Set<number>;
  private readonly rootsAt = new Map<number, Hash>();

  constructor(start: { afterSeq: number; prevHash: string; frontier: MerkleFrontier } = { afterSeq: 0, prevHash: GENESIS_HASH, frontier: MerkleFrontier.empty() }, watch: number[] = []) {
    this.expectedSeq = start.afterSeq + 1;
    this.prevHash = start.prevHash;
    this.frontier = start.frontier;
    this.watched = new Set(watch);
  }

  /** Leaves in the rebuilt tree: every row read. */
  get treeSize(): number {
    return this.frontier.size;
  }

  root(): Hash {
    return this.frontier.root();
  }

  /** Root of the rebuilt tree when it had `size` leaves, for sizes passed to `watch`. */
  rootAt(size: number): Hash | undefined {
    return this.rootsAt.get(size);
  }

  /** Feeds the next raw row (as read with JOURNAL_COLUMNS). */
  push(raw: Record<string, unknown>): boolean {
    return this.pushValues(toJournalValues(raw));
  }

  /**
   * Feeds the next row as positional values (JOURNAL_VALUE_COLUMNS); true when intact. The
   * stored payload text is spliced into the canonical row text as it is, unparsed: only a
   * byte-exact canonical payload reproduces the hash, so any rewrite of it is caught here.
   */
  pushValues(v: JournalValues): boolean {
    const seq = Number(v[0]);
    let intact = true;
    const gap = seq > this.expectedSeq;
    if (gap) intact = this.fail('missing', this.expectedSeq, seq - 1, `row ${this.expectedSeq} is missing (the next row is ${seq})`);
    const payload = v[11];
    if (typeof payload !== 'string') {
      intact = this.fail('hash', seq, seq, `row ${seq} has a payload that is not JSON text`);
    } else {
      const text = canonicalJournalText(
        seq, v[1] as string, v[2] as string, v[3] as string, v[4] as Text, v[5] as Text, v[6] as string, v[7] as Text, v[8] as Text,
        v[9] as string, v[10] as Text, payload, v[12] as string,
      );
      if (digest('sha256', text, 'hex') !== v[13]) intact = this.fail('hash', seq, seq, mismatchReason(seq, payload));
      else if (v[12] !== this.prevHash && !gap) {
        intact = this.fail('link', seq, seq, seq === 1 ? 'row 1 does not start from the genesis hash' : `row ${seq} does not link to the hash of row ${seq - 1}`);
      }
    }
    this.advance(seq, String(v[13]), intact);
    return intact;
  }

  /** Seq of the last row read (0 before the first). */
  get lastSeq(): number {
    return this.expectedSeq - 1;
  }

  /**
   * Fast path for a row whose canonical text the database assembled
   * (SQLITE_CANONICAL_JOURNAL_TEXT), hashed on this thread or a second one: `hashMatches`
   * says that the text's SHA-256 (hex) is the stored `hash`. True when the row is confirmed
   * intact and linked; false, changing nothing, when it cannot be confirmed: the caller then
   * feeds that row and the rest of its batch through pushValues, which gives the verdict.
   */
  confirmHashed(seq: unknown, text: unknown, hash: unknown, hashMatches: boolean): boolean {
    if (!hashMatches || seq !== this.expectedSeq || typeof text !== 'string' || typeof hash !== 'string') return false;
    // The text is the one that was hashed, so its last "prevHash" member is the stored
    // prev_hash (only seq and the toState string follow it; neither can spell it).
    const at = text.lastIndexOf(PREV_HASH_MEMBER) + PREV_HASH_MEMBER.length;
    if (at < PREV_HASH_MEMBER.length || !text.startsWith(this.prevHash, at) || text.charCodeAt(at + this.prevHash.length) !== QUOTE) return false;
    // The hash equals the hex digest of the text: 64 lowercase hex digits.
    this.advance(seq, hash, true, leafHashOfDigestHex(hash));
    return true;
  }

  /** The verdict once every row up to the head has been pushed; also checks the head against the last row. */
  finish(head: JournalHeadState): VerifyResult {
    const lastSeq = this.expectedSeq - 1;
    if (lastSeq < head.headSeq) {
      this.fail('missing', lastSeq + 1, head.headSeq, `row ${lastSeq + 1} is missing (the journal head is at ${head.headSeq})`);
    } else if (head.headHash !== this.prevHash) {
      this.fail('head', lastSeq, lastSeq, `the journal head does not match the hash of row ${lastSeq}`);
    }
    if (head.maxSeq !== null && head.maxSeq > head.headSeq) {
      this.fail('beyond', head.headSeq + 1, head.maxSeq, `rows after ${head.headSeq} were not written through the journal head`);
    }
    const [first] = this.breaks;
    const broken = this.breaks.map(({ fromSeq, toSeq, reason }) => ({ fromSeq, toSeq, reason }));
    return first
      ? { ok: false, checked: this.intactBeforeBreak, firstBrokenSeq: first.fromSeq, reason: first.reason, broken, brokenTotal: this.brokenCount }
      : { ok: true, checked: this.intactBeforeBreak, firstBrokenSeq: null, broken, brokenTotal: 0 };
  }

  private advance(seq: number, hash: string, intact: boolean, leaf: Hash = leafHashOfHex(hash)): void {
    if (intact && this.brokenCount === 0) this.intactBeforeBreak += 1;
    this.prevHash = hash;
    this.expectedSeq = seq + 1;
    this.frontier.push(leaf);
    if (this.watched.has(this.frontier.size)) this.rootsAt.set(this.frontier.size, this.frontier.root());
  }

  /** Records a break, joining it to the previous range when it continues it with the same kind. */
  private fail(kind: BreakKind, fromSeq: number, toSeq: number, reason: string): false {
    const last = this.breaks[this.breaks.length - 1];
    if (last && last.kind === kind && last.toSeq + 1 === fromSeq && this.brokenCount === this.breaks.length) {
      last.toSeq = toSeq;
      last.reason = `rows ${last.fromSeq}-${toSeq} ${RANGE_TEXT[kind]}`;
      return false;
    }
    this.brokenCount += 1;
    if (this.breaks.length < BROKEN_RANGES_LISTED) this.breaks.push({ kind, fromSeq, toSeq, reason });
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
