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
  // A criterion's place in its statute's own list: the order the statute enumerates them.
  private readonly statutoryRank = new Map<string, number>();

  constructor(
    @Inject(STATUTE_CATALOG) catalog: Statute[],
    @InjectRepository(StatuteEntity) private readonly statutes: Repository<StatuteEntity>,
    private readonly clock: Clock,
  ) {
    this.byId = new Map(catalog.map((statute) => [statute.id, statute]));
    for (const statute of catalog) {
      statute.criteria.forEach((criterion, index) => {
        this.criteriaByCode.set(criterion.code, criterion);
        this.statutoryRank.set(criterion.code, index);
      });
    }
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

  /** The items in the order their statute lists the criteria (never by code); unknown codes last, stable. */
  inStatutoryOrder<T extends { criterionCode: string }>(items: readonly T[]): T[] {
    const rank = (item: T) => this.statutoryRank.get(item.criterionCode) ?? Number.MAX_SAFE_INTEGER;
    return [...items].sort((a, b) => rank(a) - rank(b));
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
