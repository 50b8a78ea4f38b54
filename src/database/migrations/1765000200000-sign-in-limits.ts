import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Sign-in budgets shared by every desk process on one PostgreSQL database, in the layout
 * rate-limiter-flexible's PostgreSQL store reads and writes (key, points, expire in ms).
 * Created on SQLite too, where one process keeps its budgets in memory, so both schemas match.
 */
export class SignInLimits1765000200000 implements MigrationInterface {
  name = 'SignInLimits1765000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sign_in_limits',
        columns: [
          { name: 'key', type: 'varchar', length: '255', isPrimary: true },
          { name: 'points', type: 'integer', default: 0 },
          { name: 'expire', type: 'bigint', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sign_in_limits');
  }
}
