import { createHash, hash as digest } from 'node:crypto';

/**
 * RFC 9162 section 2.1 Merkle tree over the journal. Leaves are the row hashes (32 raw
 * bytes each); leaf hash = SHA-256(0x00 || row hash), interior node = SHA-256(0x01 || left || right),
 * the empty tree is SHA-256 of nothing. A stored node is addressed by (level, index): it is
 * the root of the complete subtree of 2^level leaves starting at leaf index * 2^level.
 * Sizes and indexes are plain numbers (exact up to 2^53) and are never combined bitwise.
 */
export type Hash = Buffer;

export interface NodeAddress {
  level: number;
  index: number;
}

export interface StoredNode extends NodeAddress {
  hash: Hash;
}

/** Reads a stored complete-subtree node; throws when it is not there. */
export type NodeReader = (level: number, index: number) => Hash;

const LEAF_PREFIX = Buffer.from([0]);

export const EMPTY_ROOT: Hash = createHash('sha256').digest();

// One-shot hashing of a reused buffer: verification hashes two million of these for a million rows.
const leafInput = Buffer.alloc(33, 0);
const nodeInput = Buffer.alloc(65, 1);

export function leafHash(data: Buffer): Hash {
  if (data.length !== 32) return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
  data.copy(leafInput, 1);
  return digest('sha256', leafInput, 'buffer') as Buffer;
}

/** The leaf hash of a row hash given as 64 hex digits. */
export function leafHashOfHex(rowHash: string): Hash {
  if (!/^[0-9a-f]{64}$/.test(rowHash)) return leafHash(Buffer.from(rowHash, 'utf8'));
  leafInput.write(rowHash, 1, 'hex');
  return digest('sha256', leafInput, 'buffer') as Buffer;
}

/** leafHashOfHex for a hash known to be 64 lowercase hex digits (one that equals a computed hex digest). */
export function leafHashOfDigestHex(rowHash: string): Hash {
  leafInput.write(rowHash, 1, 'hex');
  return digest('sha256', leafInput, 'buffer') as Buffer;
}

export function nodeHash(left: Hash, right: Hash): Hash {
  if (left.length !== 32 || right.length !== 32) return createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest();
  left.copy(nodeInput, 1);
  right.copy(nodeInput, 33);
  return digest('sha256', nodeInput, 'buffer') as Buffer;
}

/** Largest power of two strictly below n (n >= 2): RFC 9162's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && Number.isInteger(Math.log2(n)) && 2 ** Math.log2(n) === n;
}

/**
 * The complete subtrees a tree of `size` leaves decomposes into, largest (leftmost) first:
 * one per set bit of `size`. Their roots, folded from the right, give the tree's root.
 */
export function frontierAddresses(size: number): NodeAddress[] {
  const addresses: NodeAddress[] = [];
  let start = 0;
  for (let level = Math.floor(Math.log2(Math.max(size, 1))); level >= 0; level -= 1) {
    const width = 2 ** level;
    if (size - start >= width) {
      addresses.push({ level, index: start / width });
      start += width;
    }
  }
  return addresses;
}

/**
 * The right edge of the tree, appended to leaf by leaf: holds one root per complete subtree
 * (O(log n) hashes) and emits every node that becomes complete, so that the caller stores it.
 * Built from stored nodes (`fromStored`), never by rebuilding the tree.
 */
export class MerkleFrontier {
  private constructor(
    private treeSize: number,
    // level -> root of the complete subtree at that level; set exactly for the set bits of the size
    private readonly roots: Array<Hash | undefined>,
  ) {}

  static empty(): MerkleFrontier {
    return new MerkleFrontier(0, []);
  }

  /** The frontier of a tree of `size` leaves from its stored nodes (frontierAddresses(size)). */
  static fromStored(size: number, read: NodeReader): MerkleFrontier {
    const roots: Array<Hash | undefined> = [];
    for (const { level, index } of frontierAddresses(size)) roots[level] = read(level, index);
    return new MerkleFrontier(size, roots);
  }

  get size(): number {
    return this.treeSize;
  }

  /** Appends one leaf (its leaf hash); returns the nodes completed by it, the leaf itself first. */
  append(leaf: Hash): StoredNode[] {
    let index = this.treeSize;
    let level = 0;
    let hash = leaf;
    const completed: StoredNode[] = [{ level, index, hash }];
    while (index % 2 === 1) {
      hash = nodeHash(this.roots[level]!, hash);
      this.roots[level] = undefined;
      level += 1;
      index = (index - 1) / 2;
      completed.push({ level, index, hash });
    }
    this.roots[level] = hash;
    this.treeSize += 1;
    return completed;
  }

  /** Appends one leaf as `append` does, for a caller that keeps no nodes (verification): nothing is collected. */
  push(leaf: Hash): void {
    let index = this.treeSize;
    let level = 0;
    let hash = leaf;
    while (index % 2 === 1) {
      hash = nodeHash(this.roots[level]!, hash);
      this.roots[level] = undefined;
      level += 1;
      index = (index - 1) / 2;
    }
    this.roots[level] = hash;
    this.treeSize += 1;
  }

  root(): Hash {
    let acc: Hash | null = null;
    for (const hash of this.roots) if (hash !== undefined) acc = acc === null ? hash : nodeHash(hash, acc);
    return acc ?? EMPTY_ROOT;
  }
}

/**
 * MTH of the leaves [start, start + size), from stored complete subtrees. Every subtree
 * a proof asks for starts on a boundary of its own split, so it decomposes into at most
 * log2(size) stored nodes.
 */
export function subtreeHash(start: number, size: number, read: NodeReader): Hash {
  if (isPowerOfTwo(size)) {
    if (start % size !== 0) throw new RangeError(`subtree [${start}, ${start + size}) is not aligned`);
    return read(Math.log2(size), start / size);
  }
  const k = splitPoint(size);
  return nodeHash(subtreeHash(start, k, read), subtreeHash(start + k, size - k, read));
}

export function rootAt(size: number, read: NodeReader): Hash {
  return size === 0 ? EMPTY_ROOT : subtreeHash(0, size, read);
}

function checkSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`tree size ${size} is not a whole number`);
}

/** RFC 9162 2.1.3.1 PATH(index, D[size]): the audit path, deepest sibling first. */
export function inclusionProof(index: number, size: number, read: NodeReader): Hash[] {
  checkSize(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
  const path = (m: number, start: number, n: number): Hash[] => {
    if (n === 1) return [];
    const k = splitPoint(n);
    return m < k
      ? [...path(m, start, k), subtreeHash(start + k, n - k, read)]
      : [...path(m - k, start + k, n - k), subtreeHash(start, k, read)];
  };
  return path(index, 0, size);
}

/** RFC 9162 2.1.4.1 PROOF(first, D[second]); empty when first is 0 or equals second. */
export function consistencyProof(first: number, second: number, read: NodeReader): Hash[] {
  checkSize(first);
  checkSize(second);
  if (first > second) throw new RangeError(`tree size ${first} is larger than ${second}`);
  if (first === 0 || first === second) return [];
  const subproof = (m: number, start: number, n: number, whole: boolean): Hash[] => {
    if (m === n) return whole ? [] : [subtreeHash(start, n, read)];
    const k = splitPoint(n);
    return m <= k
      ? [...subproof(m, start, k, whole), subtreeHash(start + k, n - k, read)]
      : [...subproof(m - k, start + k, n - k, false), subtreeHash(start, k, read)];
  };
  return subproof(first, 0, second, true);
}

/**
 * The stored nodes a computation reads, found by running it against a reader that records
 * addresses: which nodes a proof needs depends only on the sizes, so the caller fetches them
 * all in one query and then runs the computation for real.
 */
export function nodesRead(compute: (read: NodeReader) => unknown): NodeAddress[] {
  const seen = new Map<string, NodeAddress>();
  const zero = Buffer.alloc(32);
  compute((level, index) => {
    seen.set(`${level}:${index}`, { level, index });
    return zero;
  });
  return [...seen.values()];
}

const half = (n: number) => Math.floor(n / 2);
const odd = (n: number) => n % 2 === 1;
const is32 = (h: unknown): h is Hash => Buffer.isBuffer(h) && h.length === 32;

/** RFC 9162 2.1.3.2: does `proof` show leaf `index` (leaf hash `leaf`) in the tree of `size` with `root`? */
export function verifyInclusion(index: number, size: number, leaf: Hash, proof: Hash[], root: Hash): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (!is32(leaf) || !is32(root) || !Array.isArray(proof) || !proof.every(is32)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 2.1.4.2: does `proof` show the tree of `first` leaves (firstRoot) is a prefix of the one of `second` (secondRoot)? */
export function verifyConsistency(first: number, second: number, firstRoot: Hash, secondRoot: Hash, proof: Hash[]): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second) return false;
  if (!is32(firstRoot) || !is32(secondRoot) || !Array.isArray(proof) || !proof.every(is32)) return false;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (first === 0) return proof.length === 0 && firstRoot.equals(EMPTY_ROOT);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : proof;
  let fn = first - 1;
  let sn = second - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}
