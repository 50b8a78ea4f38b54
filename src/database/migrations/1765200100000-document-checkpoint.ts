import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Each stored document keeps the signed journal checkpoint current when it was rendered. */
export class DocumentCheckpoint1765200100000 implements MigrationInterface {
  name = 'DocumentCheckpoint1765200100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('documents', new TableColumn({ name: 'checkpoint', type: 'text', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('documents', 'checkpoint');
  }
}
