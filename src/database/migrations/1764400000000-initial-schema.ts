import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

// One schema for SQLite and PostgreSQL, through TypeORM's schema API.
const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const int = (name: string): TableColumnOptions => ({ name, type: 'integer' });
const big = (name: string): TableColumnOptions => ({ name, type: 'bigint' });
const instant = (name: string, nullable = false) => str(name, 32, nullable);

export class InitialSchema1764400000000 implements MigrationInterface {
  name = 'InitialSchema1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          str('username', 64),
          str('display_name', 120),
          str('password_hash', 255),
          str('roles', 200),
          { name: 'active', type: 'boolean', default: true },
          { name: 'token_version', type: 'integer', default: 0 },
          instant('created_at'),
        ],
        uniques: [{ name: 'uq_users_username', columnNames: ['username'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'statutes',
        columns: [{ ...str('id', 64), isPrimary: true }, text('content'), str('content_hash', 64), instant('loaded_at')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cycles',
        columns: [
          { ...str('id', 64), isPrimary: true },
          str('statute_id', 64),
          int('fiscal_year'),
          big('appropriated_cents'),
          int('withheld_basis_points'),
          big('withheld_cents'),
          str('obligation_deadline', 10),
          str('state', 32),
          text('snapshot'),
          int('version'),
          text('decision', true),
          str('created_by', 64),
          instant('created_at'),
          instant('updated_at'),
        ],
        uniques: [{ name: 'uq_cycles_statute_year', columnNames: ['statute_id', 'fiscal_year'] }],
        foreignKeys: [{ columnNames: ['statute_id'], referencedTableName: 'statutes', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cases',
        columns: [
          { ...str('id', 160), isPrimary: true },
          str('cycle_id', 64),
          str('criterion_code', 80),
          str('state', 32),
          text('snapshot'),
          int('version'),
          str('proposed_rating', 16, true),
          text('proposed_rationale', true),
          text('proposed_narrative', true),
          text('finding', true),
          str('submitted_by', 64, true),
          instant('updated_at'),
        ],
        uniques: [{ name: 'uq_cases_cycle_criterion', columnNames: ['cycle_id', 'criterion_code'] }],
        foreignKeys: [{ columnNames: ['cycle_id'], referencedTableName: 'cycles', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'evidence',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('case_id', 160),
          int('current_revision'),
          { name: 'retracted', type: 'boolean', default: false },
          text('retracted_reason', true),
          str('retracted_by', 64, true),
          instant('retracted_at', true),
          str('created_by', 64),
          instant('created_at'),
        ],
        indices: [{ name: 'ix_evidence_case', columnNames: ['case_id'] }],
        foreignKeys: [{ columnNames: ['case_id'], referencedTableName: 'cases', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'evidence_revisions',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('evidence_id', 36),
          int('revision'),
          str('kind', 32),
          str('title', 300),
          str('source', 200),
          str('source_date', 10),
          str('period_start', 10),
          str('period_end', 10),
          str('url', 2048, true),
          text('summary'),
          str('stance', 16),
          str('reliability', 1),
          int('credibility'),
          str('sensitivity', 64, true),
          str('content_hash', 64),
          str('created_by', 64),
          instant('created_at'),
        ],
        uniques: [{ name: 'uq_evidence_revision', columnNames: ['evidence_id', 'revision'] }],
        foreignKeys: [{ columnNames: ['evidence_id'], referencedTableName: 'evidence', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'journal',
        columns: [
          { ...big('seq'), isPrimary: true },
          instant('at'),
          str('entity_type', 16),
          str('entity_id', 160),
          str('cycle_id', 64, true),
          str('case_id', 160, true),
          str('event', 48),
          str('from_state', 32, true),
          str('to_state', 32, true),
          str('actor', 64),
          text('comment', true),
          text('payload'),
          str('prev_hash', 64),
          str('hash', 64),
        ],
        indices: [
          { name: 'ix_journal_case_seq', columnNames: ['case_id', 'seq'] },
          { name: 'ix_journal_cycle_seq', columnNames: ['cycle_id', 'seq'] },
          { name: 'ix_journal_entity_seq', columnNames: ['entity_type', 'entity_id', 'seq'] },
          { name: 'ix_journal_actor_seq', columnNames: ['actor', 'seq'] },
          { name: 'ix_journal_event_seq', columnNames: ['event', 'seq'] },
          { name: 'ix_journal_at', columnNames: ['at'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'journal_head',
        columns: [{ name: 'id', type: 'integer', isPrimary: true }, big('seq'), str('hash', 64)],
      }),
    );
    await queryRunner.query(`INSERT INTO journal_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['journal_head', 'journal', 'evidence_revisions', 'evidence', 'cases', 'cycles', 'statutes', 'users']) {
      await queryRunner.dropTable(table);
    }
  }
}
