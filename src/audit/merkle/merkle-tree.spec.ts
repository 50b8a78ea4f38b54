import { createHash } from 'node:crypto';
import {
  consistencyProof, EMPTY_ROOT, frontierAddresses, Hash, inclusionProof, leafHash, leafHashOfDigestHex, leafHashOfHex, MerkleFrontier, nodeHash, nodesRead,
  NodeReader, rootAt, splitPoint, StoredNode, subtreeHash, verifyConsistency, verifyInclusion,
} from './merkle-tree';

const hex = (h: Hash) => h.toString('hex');
const sha = (...parts: Buffer[]) => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest();

// An independent, naive RFC 9162 implementation straight from the recursive definitions.
const naive = {
  mth(leaves: Buffer[]): Buffer {
    if (leaves.length === 0) return sha();
    if (leaves.length === 1) return sha(Buffer.from([0]), leaves[0]);
    let k = 1;
    while (k * 2 < leaves.length) k *= 2;
    return sha(Buffer.from([1]), naive.mth(leaves.slice(0, k)), naive.mth(leaves.slice(k)));
  },
  path(m: number, leaves: Buffer[]): Buffer[] {
    if (leaves.length <= 1) return [];
    let k = 1;
    while (k * 2 < leaves.length) k *= 2;
    return m < k
      ? [...naive.path(m, leaves.slice(0, k)), naive.mth(leaves.slice(k))]
      : [...naive.path(m - k, leaves.slice(k)), naive.mth(leaves.slice(0, k))];
  },
  subproof(m: number, leaves: Buffer[], whole: boolean): Buffer[] {
    if (m === leaves.length) return whole ? [] : [naive.mth(leaves)];
    let k = 1;
    while (k * 2 < leaves.length) k *= 2;
    return m <= k
      ? [...naive.subproof(m, leaves.slice(0, k), whole), naive.mth(leaves.slice(k))]
      : [...naive.subproof(m - k, leaves.slice(k), false), naive.mth(leaves.slice(0, k))];
  },
};

/** A tree grown only through MerkleFrontier.append, its emitted nodes kept in a map. */
function grow(data: Buffer[]): { read: NodeReader; stored: Map<string, Hash>; frontier: MerkleFrontier; roots: Hash[] } {
  const stored = new Map<string, Hash>();
  const frontier = MerkleFrontier.empty();
  const roots = [frontier.root()];
  for (const item of data) {
    for (const node of frontier.append(leafHash(item))) stored.set(`${node.level}:${node.index}`, node.hash);
    roots.push(frontier.root());
  }
  const read: NodeReader = (level, index) => {
    const hash = stored.get(`${level}:${index}`);
    if (!hash) throw new Error(`node ${level}:${index} is not stored`);
    return hash;
  };
  return { read, stored, frontier, roots };
}

// RFC 6962 / Certificate Transparency reference leaves, roots and proofs (transparency-dev/merkle testonly).
const CT_DATA = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CT_INCLUSION: Array<[number, number, string[]]> = [
  [0, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [5, 8, ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
];
const CT_CONSISTENCY: Array<[number, number, string[]]> = [
  [2, 8, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [6, 8, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
];

describe('Merkle tree (RFC 9162 2.1)', () => {
  const ct = grow(CT_DATA);

  it('hashes leaves and nodes with the 0x00 / 0x01 prefixes', () => {
    expect(hex(EMPTY_ROOT)).toBe(CT_ROOTS[0]);
    expect(hex(leafHash(Buffer.alloc(0)))).toBe(CT_ROOTS[1]);
    const [a, b] = [leafHash(Buffer.from('a')), leafHash(Buffer.from('b'))];
    expect(nodeHash(a, b).equals(sha(Buffer.from([1]), a, b))).toBe(true);
  });

  it('grows to the reference root at every size, appending only', () => {
    expect(ct.roots.map(hex)).toEqual(CT_ROOTS);
    for (let size = 0; size <= 8; size += 1) expect(hex(rootAt(size, ct.read))).toBe(CT_ROOTS[size]);
  });

  it.each(CT_INCLUSION)('reference inclusion proof of leaf %i in %i', (index, size, proof) => {
    expect(inclusionProof(index, size, ct.read).map(hex)).toEqual(proof);
    expect(verifyInclusion(index, size, leafHash(CT_DATA[index]), proof.map((h) => Buffer.from(h, 'hex')), Buffer.from(CT_ROOTS[size], 'hex'))).toBe(true);
  });

  it.each(CT_CONSISTENCY)('reference consistency proof %i -> %i', (first, second, proof) => {
    expect(consistencyProof(first, second, ct.read).map(hex)).toEqual(proof);
    const [r1, r2] = [Buffer.from(CT_ROOTS[first], 'hex'), Buffer.from(CT_ROOTS[second], 'hex')];
    expect(verifyConsistency(first, second, r1, r2, proof.map((h) => Buffer.from(h, 'hex')))).toBe(true);
  });

  const N = 70;
  const data = Array.from({ length: N }, (_, i) => sha(Buffer.from(`row ${i}`)));
  const big = grow(data);
  const leaves = data.map(leafHash);

  it('agrees with the naive implementation on every root, path and consistency proof up to 70 leaves', () => {
    for (let size = 0; size <= N; size += 1) {
      const tree = data.slice(0, size);
      expect(hex(big.roots[size])).toBe(hex(naive.mth(data.slice(0, size))));
      expect(hex(rootAt(size, big.read))).toBe(hex(big.roots[size]));
      for (let i = 0; i < size; i += 1) {
        const proof = inclusionProof(i, size, big.read);
        expect(proof.map(hex)).toEqual(naive.path(i, tree).map(hex));
        expect(verifyInclusion(i, size, leaves[i], proof, big.roots[size])).toBe(true);
      }
      for (let first = 1; first < size; first += 1) {
        const proof = consistencyProof(first, size, big.read);
        expect(proof.map(hex)).toEqual(naive.subproof(first, tree, true).map(hex));
        expect(verifyConsistency(first, size, big.roots[first], big.roots[size], proof)).toBe(true);
      }
    }
  });

  it('push (no nodes kept) grows to the same roots as append', () => {
    const appended = MerkleFrontier.empty();
    const pushed = MerkleFrontier.empty();
    for (let i = 0; i < 70; i += 1) {
      const leaf = leafHash(Buffer.from([i, 7]));
      appended.append(leaf);
      pushed.push(leaf);
      expect(pushed.size).toBe(appended.size);
      expect(pushed.root().equals(appended.root())).toBe(true);
    }
  });

  it('leafHashOfDigestHex is leafHashOfHex for a hex digest', () => {
    const hex = createHash('sha256').update('row').digest('hex');
    expect(leafHashOfDigestHex(hex).equals(leafHashOfHex(hex))).toBe(true);
    expect(leafHashOfHex(hex).equals(leafHash(Buffer.from(hex, 'hex')))).toBe(true);
  });

  it('stores each complete subtree once: 2n - popcount(n) nodes', () => {
    const popcount = N.toString(2).replace(/0/g, '').length;
    expect(big.stored.size).toBe(2 * N - popcount);
  });

  it('rebuilds the right edge from stored nodes and goes on appending to the same roots', () => {
    for (const size of [0, 1, 5, 8, 37, 63, 64]) {
      const resumed = MerkleFrontier.fromStored(size, big.read);
      expect(hex(resumed.root())).toBe(hex(big.roots[size]));
      const emitted: StoredNode[] = [];
      for (let i = size; i < N; i += 1) emitted.push(...resumed.append(leaves[i]));
      expect(hex(resumed.root())).toBe(hex(big.roots[N]));
      for (const node of emitted) expect(hex(node.hash)).toBe(hex(big.read(node.level, node.index)));
    }
    expect(frontierAddresses(13)).toEqual([{ level: 3, index: 0 }, { level: 2, index: 2 }, { level: 0, index: 12 }]);
  });

  it('reads O(log n) stored nodes for a proof', () => {
    const size = 1_000_000;
    expect(nodesRead((read) => inclusionProof(654_321, size, read)).length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(size)));
    expect(nodesRead((read) => consistencyProof(333_333, size, read)).length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(size)));
    expect(nodesRead((read) => rootAt(size, read))).toHaveLength(frontierAddresses(size).length);
  });

  it('rejects every altered inclusion proof', () => {
    for (let size = 2; size <= 20; size += 1) {
      for (let i = 0; i < size; i += 1) {
        const proof = inclusionProof(i, size, big.read);
        const root = big.roots[size];
        const flipped = proof.map((h, j) => (j === proof.length - 1 ? Buffer.from(h.map((b, k) => (k === 0 ? b ^ 1 : b))) : h));
        expect(verifyInclusion(i, size, leaves[i], flipped, root)).toBe(false);
        expect(verifyInclusion(i, size, leaves[i], proof.slice(0, -1), root)).toBe(false);
        expect(verifyInclusion(i, size, leaves[i], [...proof, leaves[0]], root)).toBe(false);
        expect(verifyInclusion((i + 1) % size, size, leaves[i], proof, root)).toBe(false);
        expect(verifyInclusion(i, size, leaves[(i + 1) % size], proof, root)).toBe(false);
      }
    }
    expect(verifyInclusion(5, 5, leaves[0], [], big.roots[5])).toBe(false);
    expect(verifyInclusion(-1, 5, leaves[0], [], big.roots[5])).toBe(false);
    expect(verifyInclusion(0, 1, leaves[0], [], big.roots[1])).toBe(true);
    expect(verifyInclusion(0, 1, leaves[0], [Buffer.alloc(31)], big.roots[1])).toBe(false);
  });

  it('rejects every altered consistency proof and wrong roots', () => {
    for (let second = 2; second <= 20; second += 1) {
      for (let first = 1; first < second; first += 1) {
        const proof = consistencyProof(first, second, big.read);
        const [r1, r2] = [big.roots[first], big.roots[second]];
        const flipped = proof.map((h, j) => (j === 0 ? Buffer.from(h.map((b, k) => (k === 3 ? b ^ 0x80 : b))) : h));
        expect(verifyConsistency(first, second, r1, r2, flipped)).toBe(false);
        expect(verifyConsistency(first, second, r1, r2, proof.slice(0, -1))).toBe(false);
        expect(verifyConsistency(first, second, r1, r2, [...proof, leaves[0]])).toBe(false);
        expect(verifyConsistency(first, second, big.roots[first - 1], r2, proof)).toBe(false);
        expect(verifyConsistency(first, second, r1, big.roots[second - 1], proof)).toBe(false);
      }
    }
    expect(verifyConsistency(4, 4, big.roots[4], big.roots[4], [])).toBe(true);
    expect(verifyConsistency(4, 4, big.roots[4], big.roots[5], [])).toBe(false);
    expect(verifyConsistency(0, 8, EMPTY_ROOT, big.roots[8], [])).toBe(true);
    expect(verifyConsistency(0, 8, big.roots[1], big.roots[8], [])).toBe(false);
    expect(verifyConsistency(3, 8, big.roots[3], big.roots[8], [])).toBe(false);
    expect(verifyConsistency(8, 3, big.roots[8], big.roots[3], [])).toBe(false);
  });

  it('refuses proofs for leaves or sizes outside the tree', () => {
    expect(() => inclusionProof(8, 8, ct.read)).toThrow(RangeError);
    expect(() => consistencyProof(9, 8, ct.read)).toThrow(RangeError);
    expect(() => rootAt(9, ct.read)).toThrow(/not stored/);
  });

  describe('edges and malformed input', () => {
    const one = Buffer.from([1]);
    const zero = Buffer.from([0]);

    it('hashes children and leaves of any length by the same rule as 32-byte ones', () => {
      const short = Buffer.from('ab');
      const long = Buffer.alloc(40, 7);
      expect(hex(nodeHash(short, long))).toBe(hex(sha(one, short, long)));
      expect(hex(nodeHash(leaves[0], long))).toBe(hex(sha(one, leaves[0], long)));
      expect(hex(nodeHash(long, leaves[0]))).toBe(hex(sha(one, long, leaves[0])));
      expect(hex(nodeHash(leaves[0], leaves[1]))).toBe(hex(sha(one, leaves[0], leaves[1])));
      expect(hex(leafHash(Buffer.alloc(31, 2)))).toBe(hex(sha(zero, Buffer.alloc(31, 2))));
      expect(hex(leafHash(data[3]))).toBe(hex(sha(zero, data[3])));
    });

    it('takes a row hash that is not 64 lowercase hex digits as its UTF-8 bytes', () => {
      for (const text of ['ABC', 'F'.repeat(64), `${'f'.repeat(63)}g`, 'f'.repeat(65), ` ${'f'.repeat(64)}`]) {
        expect(hex(leafHashOfHex(text))).toBe(hex(sha(zero, Buffer.from(text, 'utf8'))));
      }
      expect(hex(leafHashOfHex('f'.repeat(64)))).toBe(hex(sha(zero, Buffer.from('f'.repeat(64), 'hex'))));
    });

    it('splits at the largest power of two below the size, and decomposes a size into its complete subtrees', () => {
      expect([2, 3, 4, 5, 8, 9, 16, 17].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 8, 8, 16]);
      expect(frontierAddresses(0)).toEqual([]);
      expect(frontierAddresses(1)).toEqual([{ level: 0, index: 0 }]);
      expect(frontierAddresses(6)).toEqual([{ level: 2, index: 0 }, { level: 1, index: 2 }]);
      expect(frontierAddresses(8)).toEqual([{ level: 3, index: 0 }]);
      expect(frontierAddresses(7)).toEqual([{ level: 2, index: 0 }, { level: 1, index: 2 }, { level: 0, index: 6 }]);
    });

    it('reads a complete subtree as one stored node and refuses one that is not aligned', () => {
      expect(hex(subtreeHash(4, 4, big.read))).toBe(hex(big.read(2, 1)));
      expect(hex(subtreeHash(5, 1, big.read))).toBe(hex(big.read(0, 5)));
      expect(hex(subtreeHash(0, 3, big.read))).toBe(hex(nodeHash(big.read(1, 0), big.read(0, 2))));
      expect(() => subtreeHash(1, 2, big.read)).toThrow('subtree [1, 3) is not aligned');
      expect(() => subtreeHash(2, 4, big.read)).toThrow('subtree [2, 6) is not aligned');
    });

    it('refuses proofs of sizes that are not whole numbers, and proves nothing for empty or equal trees', () => {
      expect(() => inclusionProof(0, 2.5, big.read)).toThrow('tree size 2.5 is not a whole number');
      expect(() => inclusionProof(0, -1, big.read)).toThrow('tree size -1 is not a whole number');
      expect(() => inclusionProof(1.5, 4, big.read)).toThrow('leaf 1.5 is not in a tree of size 4');
      expect(() => inclusionProof(-1, 4, big.read)).toThrow('leaf -1 is not in a tree of size 4');
      expect(() => consistencyProof(-1, 4, big.read)).toThrow('tree size -1 is not a whole number');
      expect(() => consistencyProof(1, 2.5, big.read)).toThrow('tree size 2.5 is not a whole number');
      expect(() => consistencyProof(5, 4, big.read)).toThrow('tree size 5 is larger than 4');
      expect(inclusionProof(0, 1, big.read)).toEqual([]);
      expect(consistencyProof(0, 4, big.read)).toEqual([]);
      expect(consistencyProof(4, 4, big.read)).toEqual([]);
      expect(rootAt(0, big.read)).toBe(EMPTY_ROOT);
    });

    it('verifies no inclusion from malformed input', () => {
      const proof = inclusionProof(2, 5, big.read);
      const root = big.roots[5];
      expect(verifyInclusion(2, 5, leaves[2], proof, root)).toBe(true);
      expect(verifyInclusion(2.5, 5, leaves[2], proof, root)).toBe(false);
      expect(verifyInclusion(2, 5.5, leaves[2], proof, root)).toBe(false);
      expect(verifyInclusion(2, Number.NaN, leaves[2], proof, root)).toBe(false);
      expect(verifyInclusion(2, 5, leaves[2].subarray(1), proof, root)).toBe(false);
      expect(verifyInclusion(2, 5, leaves[2], proof, root.subarray(1))).toBe(false);
      expect(verifyInclusion(2, 5, leaves[2], [...proof.slice(0, -1), proof[proof.length - 1].subarray(1)], root)).toBe(false);
      expect(verifyInclusion(2, 5, leaves[2], 'proof' as unknown as Hash[], root)).toBe(false);
      expect(verifyInclusion(2, 5, 'leaf' as unknown as Hash, proof, root)).toBe(false);
    });

    it('verifies no consistency from malformed input', () => {
      const proof = consistencyProof(3, 7, big.read);
      const [r3, r7] = [big.roots[3], big.roots[7]];
      expect(verifyConsistency(3, 7, r3, r7, proof)).toBe(true);
      expect(verifyConsistency(3.5, 7, r3, r7, proof)).toBe(false);
      expect(verifyConsistency(3, 7.5, r3, r7, proof)).toBe(false);
      expect(verifyConsistency(-1, 7, r3, r7, proof)).toBe(false);
      expect(verifyConsistency(3, 7, r3.subarray(1), r7, proof)).toBe(false);
      expect(verifyConsistency(3, 7, r3, r7.subarray(1), proof)).toBe(false);
      expect(verifyConsistency(3, 7, r3, r7, [proof[0].subarray(1), ...proof.slice(1)])).toBe(false);
      expect(verifyConsistency(3, 7, r3, r7, 'proof' as unknown as Hash[])).toBe(false);
      expect(verifyConsistency(3, 7, r3, r7, [])).toBe(false);
      // A power-of-two first tree: its root is the proof's implicit first node.
      const fromFour = consistencyProof(4, 7, big.read);
      expect(verifyConsistency(4, 7, big.roots[4], r7, fromFour)).toBe(true);
      expect(verifyConsistency(4, 7, big.roots[4], r7, [big.roots[4], ...fromFour])).toBe(false);
      expect(verifyConsistency(0, 7, EMPTY_ROOT, r7, [leaves[0]])).toBe(false);
      expect(verifyConsistency(7, 7, r7, r7, [leaves[0]])).toBe(false);
    });
  });
});
