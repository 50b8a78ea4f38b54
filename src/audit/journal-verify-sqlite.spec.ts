import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import { canonicalJson, sha256Hex } from '../common/canonical-json';
import type { UnitOfWork } from '../database/unit-of-work';
import { walkChain } from './chain-walk';
import { ChainVerifier } from './journal-chain-verifier';
import { canonicalJournalText, GENESIS_HASH, journalEntryHash, SQLITE_CANONICAL_JOURNAL_TEXT } from './journal-hash';
import { JournalRepository } from './journal.repository';
import { leafHashOfHex, MerkleFrontier } from './merkle/merkle-tree';
import { JOURNAL_VALUE_COLUMNS, journalRowOfValues, JournalRow } from './journal-row';
import { ReadingThreadSource, TextSource, VERIFY_BATCH } from './verify/text-sources';

// The SQLite verification path (database-assembled canonical text, then the full check
// for anything it cannot confirm) against a journal file of the real shape.

const CREATE = `CREATE TABLE journal (seq bigint PRIMARY KEY NOT NULL, at varchar(32) NOT NULL, entity_type varchar(16) NOT NULL,
  entity_id varchar(160) NOT NULL, cycle_id varchar(64), case_id varchar(160), event varchar(48) NOT NULL, from_state varchar(32),
  to_state varchar(32), actor varchar(64) NOT NULL, comment text, payload text NOT NULL, prev_hash varchar(64) NOT NULL, hash varchar(64) NOT NULL);
  CREATE TABLE journal_head (id integer PRIMARY KEY, seq bigint NOT NULL, hash varchar(64) NOT NULL, tree_size bigint NOT NULL DEFAULT 0, signed_head text);`;

const AWKWARD = ['plain', 'quote " backslash \\ slash /', 'controls \u0000\u0001\b\f\n\r\t\u001f\u007f', 'unicode é 中 \u2028\u2029 😀', '', '=1+1'];

function fill(db: Database.Database, n: number): void {
  let prevHash = GENESIS_HASH;
  const insert = db.prepare(`INSERT INTO journal (${JOURNAL_VALUE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  for (let seq = 1; seq <= n; seq += 1) {
    const text = AWKWARD[seq % AWKWARD.length];
    const content = {
      seq, at: `2030-01-01T00:00:${String(seq % 60).padStart(2, '0')}.000Z`, entityType: 'case', entityId: `c-${text}`, cycleId: seq % 2 ? 'cy' : null,
      caseId: seq % 3 ? `c-${text}` : null, event: 'E', fromState: seq % 4 ? 'a' : null, toState: seq % 5 ? text : null, actor: `a ${text}`,
      comment: seq % 2 ? text : null, payload: { z: [seq, { b: text, a: null }], a: -1.5, '10': true, '9': false }, prevHash,
    };
    const hash = journalEntryHash(content);
    const c = content;
    insert.run(seq, c.at, c.entityType, c.entityId, c.cycleId, c.caseId, c.event, c.fromState, c.toState, c.actor, c.comment, canonicalJson(c.payload), prevHash, hash);
    prevHash = hash;
  }
  db.prepare('INSERT INTO journal_head (id, seq, hash) VALUES (1, ?, ?)').run(n, prevHash);
}

type Mode = [string, { readsHere: boolean; source?: (repository: JournalRepository) => TextSource }];

/** A source whose thread dies once it has answered its first batch, as a crashed one would. */
function dyingAfterFirstBatch(source: ReadingThreadSource): ReadingThreadSource {
  const read = source.read.bind(source);
  let calls = 0;
  source.read = async (afterSeq, uptoSeq) => {
    if (calls++ === 1) await source.thread.kill();
    return read(afterSeq, uptoSeq);
  };
  return source;
}

// Every case runs with each source of batches: the verdicts must not depend on the thread.
describe.each<Mode>([
  ['read and hashed on this thread', { readsHere: true }],
  ['read and hashed on a second thread', { readsHere: false, source: (repository) => ReadingThreadSource.sqlite(repository, repository.canonicalTextsQuery()!) }],
  ['read and hashed on a second thread that dies after its first batch', { readsHere: false, source: (repository) => dyingAfterFirstBatch(ReadingThreadSource.sqlite(repository, repository.canonicalTextsQuery()!)) }],
])('verification on SQLite, %s', (_mode, { readsHere, source: startSource }) => {
  let dir: string;
  let db: Database.Database;
  let source: TextSource | undefined;
  let audit: { verify(): Promise<ReturnType<ChainVerifier['finish']>> };
  let repository: JournalRepository;
  let fastPathConfirmed: number;
  let lastRoot: Buffer | undefined;
  const N = 9_000; // more than two verification batches

  beforeEach(() => {
    // A file, so that a second thread can open the journal too.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-sqlite-'));
    db = new Database(path.join(dir, 'journal.sqlite'));
    db.exec(CREATE);
    db.transaction(() => fill(db, N))();
    const dataSource = {
      driver: { databaseConnection: db },
      query: (sql: string, params: unknown[] = []) => Promise.resolve(db.prepare(sql).all(...params)),
    } as unknown as DataSource;
    const unitOfWork = { isPostgres: false, param: () => '?' } as unknown as UnitOfWork;
    repository = new JournalRepository(null as never, dataSource, unitOfWork);
    source = startSource?.(repository);
    fastPathConfirmed = 0;
    audit = {
      async verify() {
        const head = await repository.head();
        const verifier = new ChainVerifier();
        const confirm = verifier.confirmHashed.bind(verifier);
        verifier.confirmHashed = (...args) => {
          const confirmed = confirm(...args);
          if (confirmed) fastPathConfirmed += 1;
          return confirmed;
        };
        await walkChain(repository, false, verifier, head.headSeq, { source });
        lastRoot = verifier.root();
        return verifier.finish(head);
      },
    };
  });
  afterEach(async () => {
    await source?.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });


  it('assembles, in SQL, the same canonical text as the code for awkward values', () => {
    const texts = db.prepare(`SELECT ${JOURNAL_VALUE_COLUMNS} FROM journal ORDER BY seq LIMIT 60`).raw(true).all() as unknown[][];
    const fromSql = db.prepare(`SELECT ${SQLITE_CANONICAL_JOURNAL_TEXT} FROM journal ORDER BY seq LIMIT 60`).pluck().all();
    expect(fromSql).toEqual(texts.map((v) => canonicalJournalText(...(v.slice(0, 13) as Parameters<typeof canonicalJournalText>))));
  });

  it('accepts the intact chain, every row through the fast path', async () => {
    const read = source ? jest.spyOn(source, 'read') : null;
    expect(await audit.verify()).toEqual({ ok: true, checked: N, firstBrokenSeq: null, broken: [], brokenTotal: 0 });
    expect(fastPathConfirmed).toBe(N);
    // Every batch came from the source when there is one.
    if (read) expect(read).toHaveBeenCalledTimes(Math.ceil(N / VERIFY_BATCH));
    // The leaves (hashed wherever the source hashes) build the tree of the stored row hashes.
    const tree = MerkleFrontier.empty();
    for (const hash of db.prepare('SELECT hash FROM journal ORDER BY seq').pluck().all() as string[]) tree.push(leafHashOfHex(hash));
    expect(lastRoot?.toString('hex')).toBe(tree.root().toString('hex'));
  });

  // The fast path decides alone for every row it confirms: a tampered row it wrongly accepted
  // at the start of the journal, of a batch, at its end or across a batch boundary would pass.
  it.each([
    ['the first row', [1]],
    ['the last row of the first batch', [VERIFY_BATCH]],
    ['the first row of the second batch', [VERIFY_BATCH + 1]],
    ['both sides of a batch boundary', [VERIFY_BATCH, VERIFY_BATCH + 1]],
    ['the last row', [N]],
  ])('reports a changed comment at %s', async (_label, seqs) => {
    for (const seq of seqs) db.prepare('UPDATE journal SET comment = ? WHERE seq = ?').run('tampered', seq);
    const result = await audit.verify();
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: seqs[0], checked: seqs[0] - 1 });
    expect(result.broken).toEqual([{ fromSeq: seqs[0], toSeq: seqs[seqs.length - 1], reason: seqs.length > 1 ? `rows ${seqs[0]}-${seqs[1]} do not match their hashes` : expect.stringContaining(`row ${seqs[0]} does not match its hash`) }]);
  });

  it('goes on past a break and reports every broken range', async () => {
    db.prepare('UPDATE journal SET comment = ? WHERE seq IN (10, 11, 12, 500, 8999)').run('tampered');
    db.prepare('DELETE FROM journal WHERE seq IN (6000, 6001)').run();
    const result = await audit.verify();
    expect(result.broken.map(({ fromSeq, toSeq }) => [fromSeq, toSeq])).toEqual([[10, 12], [500, 500], [6000, 6001], [8999, 8999]]);
    expect(result).toMatchObject({ ok: false, brokenTotal: 4, firstBrokenSeq: 10, checked: 9 });
    expect(result.broken[2].reason).toContain('row 6000 is missing');
  });

  const tampers: Array<[string, string, unknown[], RegExp]> = [
    ['a comment', 'comment = ?', ['changed'], /does not match its hash \(changed/],
    ['a payload respelled equivalently', 'payload = ?', ['{"a":-1.5,"z":[5000,{"b":"x","a":null}],"9":false,"10":true}'], /not the canonical form/],
    ['a payload with a space added', "payload = payload || ' '", [], /not the canonical form/],
    ['a payload that is not JSON', 'payload = ?', ['not json'], /not valid JSON/],
    ['a payload stored as a BLOB of the same bytes', 'payload = CAST(payload AS BLOB)', [], /not JSON text/],
    ['an actor stored as a BLOB', 'actor = CAST(actor AS BLOB)', [], /does not match its hash/],
    ['a prev_hash', 'prev_hash = ?', ['f'.repeat(64)], /does not match its hash/],
  ];
  it.each(tampers)('names the row with %s', async (_label, set, params, reason) => {
    db.prepare(`UPDATE journal SET ${set} WHERE seq = 5000`).run(...params);
    expect(await audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: 5000, checked: 4999, reason: expect.stringMatching(reason) });
  });

  it('names the next row when an edited row was re-hashed, and a missing row', async () => {
    const row = db.prepare(`SELECT ${JOURNAL_VALUE_COLUMNS} FROM journal WHERE seq = 5000`).raw(true).get() as unknown[];
    const forged = canonicalJournalText(...([...row.slice(0, 10), 'forged', ...row.slice(11, 13)] as Parameters<typeof canonicalJournalText>));
    db.prepare('UPDATE journal SET comment = ?, hash = ? WHERE seq = 5000').run('forged', sha256Hex(forged));
    expect(await audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: 5001, checked: 5000, reason: expect.stringContaining('hash of row 5000') });
    db.prepare('DELETE FROM journal WHERE seq = 7000').run();
    expect(await audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: 5001 });
  });

  // Only where this thread runs the fast query can it be made to fail here; on the reading thread the BLOB case above makes it fail.
  if (readsHere) it('still accepts a row its fast path cannot confirm but the full check can, and when the fast query fails', async () => {
    // As if json_quote escaped some character differently from JSON.stringify.
    const fast = repository.canonicalTextsAfter.bind(repository);
    const spy = jest.spyOn(repository, 'canonicalTextsAfter').mockImplementation((after, limit, max) =>
      fast(after, limit, max).map(([seq, text, hash]) => [seq, seq === 4321 ? `${text} ` : text, hash]));
    expect(await audit.verify()).toMatchObject({ ok: true, checked: N, firstBrokenSeq: null });
    spy.mockImplementation(() => {
      throw new Error('JSON cannot hold BLOB values');
    });
    expect(await audit.verify()).toMatchObject({ ok: true, checked: N, firstBrokenSeq: null });
    expect(spy).toHaveBeenCalled();
  });

  // The walk hands each row it reads to the reconciliation's fold: from the confirmed text on
  // the fast path, from the values on the full check; the same content either way, every row once.
  describe('rows handed on to the reconciliation', () => {
    const walked = async () => {
      const rows: Array<[number, JournalRow | null]> = [];
      const head = await repository.head();
      await walkChain(repository, false, new ChainVerifier(), head.headSeq, { onRow: (seq, row) => rows.push([seq, row]), source });
      return rows;
    };
    const stored = () => (db.prepare(`SELECT ${JOURNAL_VALUE_COLUMNS} FROM journal ORDER BY seq`).raw(true).all() as unknown[][]).map((v) => {
      try {
        return [Number(v[0]), journalRowOfValues(v)] as [number, JournalRow | null];
      } catch {
        return [Number(v[0]), null] as [number, JournalRow | null];
      }
    });

    it('gives every row of an intact journal, as stored, in seq order', async () => {
      expect(await walked()).toEqual(stored());
    });

    it('gives every row once around broken, missing and unparsable rows and a failed fast query', async () => {
      db.prepare('UPDATE journal SET comment = ? WHERE seq IN (10, 4000, 4001)').run('tampered');
      db.prepare("UPDATE journal SET payload = 'not json' WHERE seq = 5000").run();
      db.prepare('UPDATE journal SET payload = CAST(payload AS BLOB) WHERE seq = 6000').run();
      db.prepare('DELETE FROM journal WHERE seq = 7000').run();
      const rows = await walked();
      expect(rows).toEqual(stored());
      expect(rows.find(([seq]) => seq === 5000)?.[1]).toBeNull();
      expect(rows.find(([seq]) => seq === 10)?.[1]?.comment).toBe('tampered');
      expect(new Set(rows.map(([seq]) => seq)).size).toBe(N - 1);
    });
  });
});
