import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });

/**
 * What a cycle took over from the recipient's previous cycle: one row per copied evidence
 * item and per carried finding, naming its source. The copies themselves are ordinary
 * evidence revisions and proposed findings; this is where they cite their origin.
 */
export class CarriedForward1765600000000 implements MigrationInterface {
  name = 'CarriedForward1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'carried_forward',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('cycle_id', 64),
          str('case_id', 160),
          str('source_case_id', 160),
          // The source evidence item's id, `finding` or `case`: a source is carried into a case once.
          str('source_key', 64),
          str('item', 16),
          str('source_evidence_id', 36, true),
          { name: 'source_revision', type: 'integer', isNullable: true },
          str('source_content_hash', 64, true),
          str('evidence_id', 36, true),
          { name: 'text_unchanged', type: 'boolean' },
          str('created_by', 64),
          str('created_at', 32),
        ],
        uniques: [{ name: 'uq_carried_forward_source', columnNames: ['case_id', 'source_key'] }],
        indices: [{ name: 'ix_carried_forward_cycle', columnNames: ['cycle_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('carried_forward');
  }
}
