import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UnitOfWork } from '../../database/unit-of-work';
import { Hash, NodeAddress, NodeReader, nodesRead, StoredNode } from './merkle-tree';

/** The stored Merkle nodes (`journal_tree`): written by the integrator, read for proofs and roots. */
@Injectable()
export class JournalTreeRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** The given nodes in one query; throws naming the first one that is missing. */
  async read(addresses: NodeAddress[], tx: EntityManager | DataSource = this.dataSource): Promise<NodeReader> {
    const found = new Map<string, Hash>();
    for (let i = 0; i < addresses.length; i += 400) {
      const chunk = addresses.slice(i, i + 400);
      const p = (n: number) => this.unitOfWork.param(n);
      const rows = (await tx.query(
        `SELECT level, idx, hash FROM journal_tree WHERE (level, idx) IN (${chunk.map((_, j) => `(${p(2 * j + 1)}, ${p(2 * j + 2)})`).join(', ')})`,
        chunk.flatMap(({ level, index }) => [level, index]),
      )) as Array<{ level: number | string; idx: number | string; hash: string }>;
      for (const row of rows) found.set(`${Number(row.level)}:${Number(row.idx)}`, Buffer.from(row.hash, 'hex'));
    }
    return (level, index) => {
      const hash = found.get(`${level}:${index}`);
      if (!hash) throw new Error(`the journal tree lacks node ${level}:${index}`);
      return hash;
    };
  }

  /** Runs a pure tree computation (proof, root) on the stored nodes it needs: O(log n) nodes, one query. */
  async compute<T>(computation: (read: NodeReader) => T, tx?: EntityManager): Promise<T> {
    const reader = await this.read(nodesRead(computation), tx);
    return computation(reader);
  }

  async insert(tx: EntityManager, nodes: StoredNode[]): Promise<void> {
    const p = (n: number) => this.unitOfWork.param(n);
    for (let i = 0; i < nodes.length; i += 1000) {
      const chunk = nodes.slice(i, i + 1000);
      await tx.query(
        `INSERT INTO journal_tree (level, idx, hash) VALUES ${chunk.map((_, j) => `(${p(3 * j + 1)}, ${p(3 * j + 2)}, ${p(3 * j + 3)})`).join(', ')}`,
        chunk.flatMap(({ level, index, hash }) => [level, index, hash.toString('hex')]),
      );
    }
  }
}
