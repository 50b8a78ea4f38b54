import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

const MESSAGE = 'journal is append-only';

/**
 * The history cannot be changed through the database either: UPDATE and DELETE on `journal`
 * are refused by triggers (the hash chain still detects anyone who drops them first).
 * Also an index so that a history page filtered by entity type alone is read in seq order.
 */
export class JournalAppendOnly1764400200000 implements MigrationInterface {
  name = 'JournalAppendOnly1764400200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(
        `CREATE OR REPLACE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${MESSAGE}'; END; $$`,
      );
      await queryRunner.query('CREATE TRIGGER journal_no_change BEFORE UPDATE OR DELETE ON journal FOR EACH ROW EXECUTE FUNCTION journal_append_only()');
      await queryRunner.query('CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only()');
    } else {
      await queryRunner.query(`CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END`);
      await queryRunner.query(`CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END`);
    }
    await queryRunner.createIndex('journal', new TableIndex({ name: 'ix_journal_entity_type_seq', columnNames: ['entity_type', 'seq'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('journal', 'ix_journal_entity_type_seq');
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP TRIGGER IF EXISTS journal_no_truncate ON journal');
      await queryRunner.query('DROP TRIGGER IF EXISTS journal_no_change ON journal');
      await queryRunner.query('DROP FUNCTION IF EXISTS journal_append_only()');
    } else {
      await queryRunner.query('DROP TRIGGER IF EXISTS journal_no_delete');
      await queryRunner.query('DROP TRIGGER IF EXISTS journal_no_update');
    }
  }
}
