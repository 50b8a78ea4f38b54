import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** One row the desk rewrites to find out whether a database that refused a write takes writes again. */
export class StorageProbe1765000000000 implements MigrationInterface {
  name = 'StorageProbe1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'storage_probe',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'probed_at', type: 'varchar', length: '32' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('storage_probe');
  }
}
