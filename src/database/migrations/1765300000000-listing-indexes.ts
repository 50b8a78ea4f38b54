import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Indexes for the lists that grow with the work, so a page costs the same at any size:
 * - evidence (case_id, created_at, id): a case's evidence page in display order, no sort;
 * - evidence (case_id, id): documents read a case's evidence in keyset batches;
 * - journal (cycle_id, entity_type, seq): a cycle's own rows and its cases' workflow rows in
 *   seq order. Without it, and without statistics, SQLite took (entity_type, seq) for a
 *   cycle's history and read every cycle row of the journal.
 */
export class ListingIndexes1765300000000 implements MigrationInterface {
  name = 'ListingIndexes1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('evidence', new TableIndex({ name: 'ix_evidence_case_created_id', columnNames: ['case_id', 'created_at', 'id'] }));
    await queryRunner.createIndex('evidence', new TableIndex({ name: 'ix_evidence_case_id_id', columnNames: ['case_id', 'id'] }));
    await queryRunner.createIndex('journal', new TableIndex({ name: 'ix_journal_cycle_type_seq', columnNames: ['cycle_id', 'entity_type', 'seq'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('journal', 'ix_journal_cycle_type_seq');
    await queryRunner.dropIndex('evidence', 'ix_evidence_case_id_id');
    await queryRunner.dropIndex('evidence', 'ix_evidence_case_created_id');
  }
}
