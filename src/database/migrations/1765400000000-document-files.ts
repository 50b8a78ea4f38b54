import { MigrationInterface, QueryRunner, Table } from 'typeorm';

// A stored document's derived files (its PDF), rendered once and kept with their hash so that
// every download gives the same bytes. Content is base64 text: one column type on both databases.
export class DocumentFiles1765400000000 implements MigrationInterface {
  name = 'DocumentFiles1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'document_files',
        columns: [
          { name: 'document_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'format', type: 'varchar', length: '8', isPrimary: true },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'size', type: 'integer' },
          { name: 'content', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('document_files');
  }
}
