import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';
import { DocumentEntity, DocumentKind } from './document.entity';
import { DocumentFileEntity } from './document-file.entity';

/**
 * Queries only, of the documents module's own tables (documents, their stored files); what
 * documents cite comes from the repositories of the modules that own it. `tx` reads inside a
 * write transaction.
 */
@Injectable()
export class DocumentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** Documents in id order after `afterId`, with their stored content: reconciliation rehashes it. */
  pageAfter(afterId: string, limit: number): Promise<DocumentEntity[]> {
    return this.dataSource.manager.getRepository(DocumentEntity).find({ where: { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit });
  }

  byIds(ids: string[]): Promise<DocumentEntity[]> {
    return ids.length ? this.dataSource.manager.getRepository(DocumentEntity).find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  latest(cycleId: string, trancheCode: string, kind: DocumentKind, tx?: EntityManager): Promise<DocumentEntity | null> {
    return this.manager(tx).getRepository(DocumentEntity).findOne({ where: { cycleId, trancheCode, kind }, order: { number: 'DESC' } });
  }

  /** Numbers count a cycle's documents of one kind across its tranches. */
  async nextNumber(tx: EntityManager, cycleId: string, kind: DocumentKind): Promise<number> {
    const last = await tx.getRepository(DocumentEntity).findOne({ where: { cycleId, kind }, order: { number: 'DESC' } });
    return (last?.number ?? 0) + 1;
  }

  insert(tx: EntityManager, document: DocumentEntity): Promise<unknown> {
    return tx.getRepository(DocumentEntity).insert(document as never);
  }

  storedFile(documentId: string, format: string): Promise<DocumentFileEntity | null> {
    return this.dataSource.manager.getRepository(DocumentFileEntity).findOneBy({ documentId, format });
  }

  /** Keeps the first file stored for a document and format; a concurrent second one is dropped. */
  async storeFile(tx: EntityManager, file: DocumentFileEntity): Promise<void> {
    await tx.createQueryBuilder().insert().into(DocumentFileEntity).values(file).orIgnore().execute();
  }
}
