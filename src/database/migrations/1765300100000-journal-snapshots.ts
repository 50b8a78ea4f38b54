import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Periodic states of a case rebuilt from the journal, so that an as-of view replays only the
 * rows after the nearest one. Derived data: nothing else reads it, reconciliation checks every
 * row against the journal, and deleting the table's rows loses nothing (they are rebuilt).
 */
export class JournalSnapshots1765300100000 implements MigrationInterface {
  name = 'JournalSnapshots1765300100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'journal_snapshots',
        columns: [
          { name: 'entity_type', type: 'varchar', length: '16', isPrimary: true },
          { name: 'entity_id', type: 'varchar', length: '160', isPrimary: true },
          // The last journal row folded into the state.
          { name: 'seq', type: 'bigint', isPrimary: true },
          // The latest `at` among the folded rows: the state is valid for any as-of instant from there on.
          { name: 'max_at', type: 'varchar', length: '32' },
          { name: 'state', type: 'text' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('journal_snapshots');
  }
}
