import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Where seeding the demo desk stands (`seeding` until it finished, then `done`), so an interrupted seed resumes. */
export class SeedState1765000100000 implements MigrationInterface {
  name = 'SeedState1765000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'seed_state',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('seed_state');
  }
}
