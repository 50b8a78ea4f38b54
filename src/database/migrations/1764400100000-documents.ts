import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const str = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length) });
const text = (name: string): TableColumnOptions => ({ name, type: 'text' });

/** Rendered decision memos and reports, immutable, with the hashes of what they were built from. */
export class Documents1764400100000 implements MigrationInterface {
  name = 'Documents1764400100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'documents',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('cycle_id', 64),
          str('kind', 16),
          { name: 'number', type: 'integer' },
          str('status', 8),
          str('template_version', 64),
          str('content_hash', 64),
          text('inputs'),
          str('inputs_hash', 64),
          text('html'),
          text('markdown'),
          str('created_by', 64),
          str('created_at', 32),
        ],
        // `number` counts a cycle's documents of one kind (memo 1, 2...): "latest" never depends on clock ties.
        uniques: [{ name: 'uq_documents_cycle_kind_number', columnNames: ['cycle_id', 'kind', 'number'] }],
        foreignKeys: [{ columnNames: ['cycle_id'], referencedTableName: 'cycles', referencedColumnNames: ['id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('documents');
  }
}
