import { MigrationInterface, QueryRunner, Table, TableColumn, TableColumnOptions, TableUnique } from 'typeorm';

const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });

// Catalog v2: every loaded statute version kept, cycles pinned to one, and the tranche (one
// withholding) as the unit of decision. A database of the previous release upgrades in place:
// each cycle becomes a single-tranche cycle (tranche 'A') pinned to the statute text stored now.
export class TranchesAndStatuteVersions1765100000000 implements MigrationInterface {
  name = 'TranchesAndStatuteVersions1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'statute_versions',
        columns: [{ ...str('statute_id', 64), isPrimary: true }, { ...str('version', 64), isPrimary: true }, text('content'), str('loaded_at', 32)],
      }),
    );
    await queryRunner.query(`INSERT INTO statute_versions (statute_id, version, content, loaded_at) SELECT id, content_hash, content, loaded_at FROM statutes`);

    await queryRunner.createTable(
      new Table({
        name: 'tranches',
        columns: [
          { ...str('cycle_id', 64), isPrimary: true },
          { ...str('code', 16), isPrimary: true },
          { name: 'position', type: 'integer' },
          { name: 'base_cents', type: 'bigint', isNullable: true },
          { name: 'basis_points', type: 'integer', isNullable: true },
          { name: 'withheld_cents', type: 'bigint' },
          str('state', 32),
          text('snapshot'),
          text('decision', true),
          str('updated_at', 32),
        ],
        foreignKeys: [{ columnNames: ['cycle_id'], referencedTableName: 'cycles', referencedColumnNames: ['id'] }],
      }),
    );
    // The old cycle snapshot is already a tranche snapshot: { value, context: { decision } }.
    await queryRunner.query(
      `INSERT INTO tranches (cycle_id, code, position, base_cents, basis_points, withheld_cents, state, snapshot, decision, updated_at) ` +
        `SELECT id, 'A', 0, appropriated_cents, withheld_basis_points, withheld_cents, state, snapshot, decision, updated_at FROM cycles`,
    );

    await queryRunner.addColumns('cycles', [new TableColumn(str('statute_version', 64, true)), new TableColumn(str('recipient', 3, true))]);
    const cycles: Array<{ id: string; content: string; content_hash: string }> = await queryRunner.query(
      `SELECT c.id AS id, s.content AS content, s.content_hash AS content_hash FROM cycles c JOIN statutes s ON s.id = c.statute_id`,
    );
    const p = (n: number) => (queryRunner.connection.options.type === 'postgres' ? `$${n}` : '?');
    for (const cycle of cycles) {
      // The recipient code the legacy reader gives the stored v1 text (see legacy-statute.ts).
      const recipient = JSON.parse(cycle.content).country === 'Mexico' ? 'MX' : 'CA';
      await queryRunner.query(`UPDATE cycles SET statute_version = ${p(1)}, recipient = ${p(2)} WHERE id = ${p(3)}`, [cycle.content_hash, recipient, cycle.id]);
    }
    await queryRunner.dropUniqueConstraint('cycles', 'uq_cycles_statute_year');
    await queryRunner.dropColumns('cycles', ['appropriated_cents', 'withheld_basis_points', 'withheld_cents', 'state', 'snapshot', 'decision']);
    await queryRunner.createUniqueConstraint('cycles', new TableUnique({ name: 'uq_cycles_statute_year_recipient', columnNames: ['statute_id', 'fiscal_year', 'recipient'] }));

    await queryRunner.addColumns('cases', [new TableColumn({ ...str('tranche_code', 16), default: "'A'" }), new TableColumn(str('statute_version', 64, true))]);
    await queryRunner.query(`UPDATE cases SET statute_version = (SELECT statute_version FROM cycles WHERE cycles.id = cases.cycle_id)`);
    await queryRunner.addColumn('documents', new TableColumn({ ...str('tranche_code', 16), default: "'A'" }));
  }

  async down(): Promise<void> {
    throw new Error('TranchesAndStatuteVersions1765100000000 cannot be reverted: restore the backup taken before the upgrade');
  }
}
