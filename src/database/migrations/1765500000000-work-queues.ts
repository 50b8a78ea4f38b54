import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * Who works on each case and by when; in-app notifications; the mail outbox written in the
 * same transaction as the change it reports; job locks for the scheduled mail jobs; e-mail
 * addresses of users and one-time password-reset tokens.
 */
export class WorkQueues1765500000000 implements MigrationInterface {
  name = 'WorkQueues1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'case_assignments',
        columns: [
          { name: 'case_id', type: 'varchar', length: '160', isPrimary: true },
          { name: 'cycle_id', type: 'varchar', length: '64' },
          { name: 'analyst', type: 'varchar', length: '64' },
          { name: 'reviewer', type: 'varchar', length: '64' },
          { name: 'due_date', type: 'varchar', length: '10' },
          { name: 'assigned_by', type: 'varchar', length: '64' },
          { name: 'assigned_at', type: 'varchar', length: '32' },
        ],
        indices: [
          { name: 'ix_case_assignments_analyst', columnNames: ['analyst'] },
          { name: 'ix_case_assignments_reviewer', columnNames: ['reviewer'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notifications',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'recipient', type: 'varchar', length: '64' },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'subject', type: 'varchar', length: '300' },
          { name: 'link', type: 'varchar', length: '300' },
          { name: 'actor', type: 'varchar', length: '64' },
          { name: 'comment', type: 'text', isNullable: true },
          // Reminders carry a key so that a job run twice (or on two instances) writes one row.
          { name: 'dedupe_key', type: 'varchar', length: '300', isNullable: true, isUnique: true },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'read_at', type: 'varchar', length: '32', isNullable: true },
          { name: 'digested_at', type: 'varchar', length: '32', isNullable: true },
        ],
        indices: [{ name: 'ix_notifications_recipient', columnNames: ['recipient', 'created_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'mail_outbox',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'recipient', type: 'varchar', length: '64' },
          { name: 'address', type: 'varchar', length: '254' },
          { name: 'subject', type: 'varchar', length: '300' },
          { name: 'body', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'next_attempt_at', type: 'varchar', length: '32' },
          { name: 'claimed_until', type: 'varchar', length: '32', isNullable: true },
          { name: 'sent_at', type: 'varchar', length: '32', isNullable: true },
          { name: 'last_error', type: 'text', isNullable: true },
        ],
        indices: [{ name: 'ix_mail_outbox_due', columnNames: ['sent_at', 'next_attempt_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'job_locks',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'last_run', type: 'varchar', length: '32', isNullable: true },
        ],
      }),
    );
    await queryRunner.query(`INSERT INTO job_locks (name, last_run) VALUES ('digest', NULL), ('reminders', NULL)`);
    await queryRunner.createTable(
      new Table({
        name: 'password_resets',
        columns: [
          { name: 'token_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'username', type: 'varchar', length: '64' },
          { name: 'created_by', type: 'varchar', length: '64' },
          { name: 'expires_at', type: 'varchar', length: '32' },
          { name: 'used_at', type: 'varchar', length: '32', isNullable: true },
        ],
      }),
    );
    await queryRunner.addColumn('users', new TableColumn({ name: 'email', type: 'varchar', length: '254', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('users', 'email');
    for (const table of ['password_resets', 'job_locks', 'mail_outbox', 'notifications', 'case_assignments']) await queryRunner.dropTable(table);
  }
}
