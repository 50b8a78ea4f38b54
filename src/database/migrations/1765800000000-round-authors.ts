import { MigrationInterface, QueryRunner, Table } from 'typeorm';

interface LegacyAuthors {
  finding?: string | null;
  evidence?: Record<string, string[]>;
}

// Positional parameter n (1-based) in the migrated database's dialect.
const placeholder = (queryRunner: QueryRunner) => (n: number) => (queryRunner.connection.options.type === 'postgres' ? `$${n}` : '?');

/**
 * Who wrote which live evidence item of a case's round, as rows of its own table instead of a
 * map inside the case's machine snapshot. The map grew with every item of the round (about
 * 520 KB at 10,000 items), and every read and write of the case parsed and copied it; the
 * snapshot now keeps only the round's writers' names, and the per-item rows are touched by
 * key. Existing maps move into the table and the snapshots are rewritten in place.
 */
export class RoundAuthors1765800000000 implements MigrationInterface {
  name = 'RoundAuthors1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'case_round_authors',
        columns: [
          { name: 'case_id', type: 'varchar', length: '160', isPrimary: true },
          { name: 'username', type: 'varchar', length: '64', isPrimary: true },
          { name: 'evidence_id', type: 'varchar', length: '36', isPrimary: true },
        ],
      }),
    );
    const p = placeholder(queryRunner);
    const cases = (await queryRunner.query(`SELECT id, snapshot FROM cases WHERE snapshot LIKE ${p(1)}`, ['%"authors"%'])) as Array<{ id: string; snapshot: string }>;
    for (const row of cases) {
      const snapshot = JSON.parse(row.snapshot) as { context: { authors?: LegacyAuthors & { evidenceWriters?: string[] } } };
      const authors = snapshot.context.authors;
      if (!authors || authors.evidenceWriters) continue;
      const byItem = authors.evidence ?? {};
      const writers = new Set<string>();
      for (const [evidenceId, names] of Object.entries(byItem)) {
        for (const username of new Set(names)) {
          writers.add(username);
          await queryRunner.query(`INSERT INTO case_round_authors (case_id, username, evidence_id) VALUES (${p(1)}, ${p(2)}, ${p(3)})`, [row.id, username, evidenceId]);
        }
      }
      snapshot.context.authors = { finding: authors.finding ?? null, evidenceWriters: [...writers].sort() };
      await queryRunner.query(`UPDATE cases SET snapshot = ${p(1)} WHERE id = ${p(2)}`, [JSON.stringify(snapshot), row.id]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const p = placeholder(queryRunner);
    const rows = (await queryRunner.query('SELECT case_id, username, evidence_id FROM case_round_authors ORDER BY case_id, evidence_id, username')) as Array<{
      case_id: string;
      username: string;
      evidence_id: string;
    }>;
    const byCase = new Map<string, Record<string, string[]>>();
    for (const row of rows) {
      const items = byCase.get(row.case_id) ?? {};
      (items[row.evidence_id] ??= []).push(row.username);
      byCase.set(row.case_id, items);
    }
    const cases = (await queryRunner.query(`SELECT id, snapshot FROM cases WHERE snapshot LIKE ${p(1)}`, ['%"evidenceWriters"%'])) as Array<{ id: string; snapshot: string }>;
    for (const row of cases) {
      const snapshot = JSON.parse(row.snapshot) as { context: { authors: { finding: string | null } } };
      snapshot.context.authors = { finding: snapshot.context.authors.finding, evidence: byCase.get(row.id) ?? {} } as never;
      await queryRunner.query(`UPDATE cases SET snapshot = ${p(1)} WHERE id = ${p(2)}`, [JSON.stringify(snapshot), row.id]);
    }
    await queryRunner.dropTable('case_round_authors');
  }
}
