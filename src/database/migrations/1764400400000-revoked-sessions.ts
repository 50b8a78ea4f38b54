import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Web sessions ended by signing out; kept until the token would have expired anyway. */
export class RevokedSessions1764400400000 implements MigrationInterface {
  name = 'RevokedSessions1764400400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'revoked_sessions',
        columns: [
          { name: 'sid', type: 'varchar', length: '36', isPrimary: true },
          { name: 'expires_at', type: 'varchar', length: '32' },
        ],
        indices: [{ name: 'ix_revoked_sessions_expires', columnNames: ['expires_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('revoked_sessions');
  }
}
