import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

const str = (name: string, length: number, nullable = false) => ({ name, type: 'varchar', length: String(length), isNullable: nullable });

/**
 * Journal entries are written in two steps. A write transaction stores its entry, with the
 * hash of its content, in `journal_pending` (no shared row is locked); the integrator then
 * moves committed entries into `journal` in batches, assigning seq, prev_hash and hash, and
 * stores the Merkle tree nodes they complete in `journal_tree`. `journal_head.tree_size`
 * counts the leaves already in the tree: 0 after this migration on an existing journal, whose
 * nodes the integrator fills in at first start (existing rows and hashes are unchanged).
 * `journal_head.signed_head` is the checkpoint of the head, signed by the integrator with
 * each batch: a row appended or a head moved without the key no longer matches it.
 */
export class JournalIntegration1765200000000 implements MigrationInterface {
  name = 'JournalIntegration1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.createTable(
      new Table({
        name: 'journal_pending',
        columns: [
          { name: 'id', type: postgres ? 'bigint' : 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          str('at', 32),
          str('entity_type', 16),
          str('entity_id', 160),
          str('cycle_id', 64, true),
          str('case_id', 160, true),
          str('event', 48),
          str('from_state', 32, true),
          str('to_state', 32, true),
          str('actor', 64),
          { name: 'comment', type: 'text', isNullable: true },
          { name: 'payload', type: 'text' },
          str('content_hash', 64),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'journal_tree',
        columns: [
          { name: 'level', type: 'integer', isPrimary: true },
          { name: 'idx', type: 'bigint', isPrimary: true },
          str('hash', 64),
        ],
      }),
    );
    await queryRunner.addColumn('journal_head', new TableColumn({ name: 'tree_size', type: 'bigint', default: 0 }));
    await queryRunner.addColumn('journal_head', new TableColumn({ name: 'signed_head', type: 'text', isNullable: true }));
    // The tree is as append-only as the rows it covers.
    if (postgres) {
      await queryRunner.query('CREATE TRIGGER journal_tree_no_change BEFORE UPDATE OR DELETE ON journal_tree FOR EACH ROW EXECUTE FUNCTION journal_append_only()');
      await queryRunner.query('CREATE TRIGGER journal_tree_no_truncate BEFORE TRUNCATE ON journal_tree FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only()');
    } else {
      await queryRunner.query("CREATE TRIGGER journal_tree_no_update BEFORE UPDATE ON journal_tree BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END");
      await queryRunner.query("CREATE TRIGGER journal_tree_no_delete BEFORE DELETE ON journal_tree BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END");
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('journal_head', 'signed_head');
    await queryRunner.dropColumn('journal_head', 'tree_size');
    await queryRunner.dropTable('journal_tree');
    await queryRunner.dropTable('journal_pending');
  }
}
