import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { notFound } from '../common/domain-error';
import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { Clock } from '../common/clock';
import { StatuteEntity } from './statute.entity';
import { Criterion, Statute } from './statute-catalog';

export const STATUTE_CATALOG = Symbol('STATUTE_CATALOG');

@Injectable()
export class StatutesService {
  private readonly byId: Map<string, Statute>;
  // Criterion codes are unique across the whole catalog (checked when it loads).
  private readonly criteriaByCode = new Map<string, Criterion>();

  constructor(
    @Inject(STATUTE_CATALOG) catalog: Statute[],
    @InjectRepository(StatuteEntity) private readonly statutes: Repository<StatuteEntity>,
    private readonly clock: Clock,
  ) {
    this.byId = new Map(catalog.map((statute) => [statute.id, statute]));
    for (const statute of catalog) for (const criterion of statute.criteria) this.criteriaByCode.set(criterion.code, criterion);
  }

  list(): Statute[] {
    return [...this.byId.values()];
  }

  get(id: string): Statute {
    const statute = this.byId.get(id);
    if (!statute) throw notFound('statute', id);
    return statute;
  }

  criterion(code: string): Criterion {
    const criterion = this.criteriaByCode.get(code);
    if (!criterion) throw notFound('criterion', code);
    return criterion;
  }

  /** Stores the catalog text in the database so that cycles keep the wording they were assessed against. */
  async syncToDatabase(): Promise<void> {
    const existing = new Map((await this.statutes.find()).map((row) => [row.id, row]));
    for (const statute of this.byId.values()) {
      const content = canonicalJson(statute);
      const contentHash = sha256Hex(content);
      if (existing.get(statute.id)?.contentHash === contentHash) continue;
      await this.statutes.save({ id: statute.id, content, contentHash, loadedAt: this.clock.now().toISOString() });
    }
  }
}
