import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DomainError, notFound } from '../common/domain-error';
import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { Clock } from '../common/clock';
import { StatuteEntity } from './statute.entity';
import { StatuteVersionEntity } from './statute-version.entity';
import { allCriteria, Criterion, Statute, Tranche } from './statute-catalog';
import { isLegacyStatute, upgradeLegacyStatute } from './legacy-statute';

export const STATUTE_CATALOG = Symbol('STATUTE_CATALOG');

/** The version id of a provision: SHA-256 of its canonical JSON. */
export function statuteVersionOf(statute: Statute): string {
  return sha256Hex(canonicalJson(statute));
}

export interface NewStatuteVersion {
  statuteId: string;
  version: string;
  previousVersion: string | null;
  loadedAt: string;
}

/**
 * The catalog as the files hold it now, and every version of each provision the desk has
 * loaded. Versions are immutable, so they are cached once read.
 */
@Injectable()
export class StatutesService {
  private readonly byId: Map<string, Statute>;
  private readonly currentVersions = new Map<string, string>();
  private readonly versions = new Map<string, Statute>();

  constructor(
    @Inject(STATUTE_CATALOG) catalog: Statute[],
    @InjectRepository(StatuteEntity) private readonly statutes: Repository<StatuteEntity>,
    @InjectRepository(StatuteVersionEntity) private readonly versionRows: Repository<StatuteVersionEntity>,
    private readonly clock: Clock,
  ) {
    this.byId = new Map(catalog.map((statute) => [statute.id, statute]));
    for (const statute of catalog) {
      const version = statuteVersionOf(statute);
      this.currentVersions.set(statute.id, version);
      this.versions.set(version, statute);
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

  currentVersion(id: string): string {
    this.get(id);
    return this.currentVersions.get(id)!;
  }

  /** A pinned version's text; versions stored before catalog v2 are read as one tranche. */
  async version(version: string, tx?: EntityManager): Promise<Statute> {
    const cached = this.versions.get(version);
    if (cached) return cached;
    const row = await (tx ? tx.getRepository(StatuteVersionEntity) : this.versionRows).findOneBy({ version });
    if (!row) throw new DomainError('not_found', 'STATUTE_VERSION_NOT_FOUND', `No statute version ${version}`);
    const content = JSON.parse(row.content) as Record<string, unknown>;
    const statute = isLegacyStatute(content) ? upgradeLegacyStatute(content) : (content as unknown as Statute);
    this.versions.set(version, statute);
    return statute;
  }

  /** The oldest kept version of the provision that holds this criterion (the text cycles opened before catalog v2 were assessed against). */
  async firstVersionHolding(criterionCode: string): Promise<string> {
    const statute = this.list().find((s) => allCriteria(s).some((c) => c.code === criterionCode));
    if (!statute) throw notFound('criterion', criterionCode);
    const [row] = await this.versionRows.find({ where: { statuteId: statute.id }, order: { loadedAt: 'ASC' }, take: 1 });
    return row?.version ?? this.currentVersions.get(statute.id)!;
  }

  async listVersions(statuteId: string): Promise<Array<{ version: string; loadedAt: string; current: boolean }>> {
    this.get(statuteId);
    const rows = await this.versionRows.find({ where: { statuteId }, order: { loadedAt: 'ASC' } });
    return rows.map((row) => ({ version: row.version, loadedAt: row.loadedAt, current: row.version === this.currentVersions.get(statuteId) }));
  }

  /**
   * Stores each provision's current text as a version if the desk has not seen it, and
   * points the provision at it; answers the new versions so the caller journals them.
   */
  async syncVersions(tx: EntityManager): Promise<NewStatuteVersion[]> {
    const pointers = new Map((await tx.getRepository(StatuteEntity).find()).map((row) => [row.id, row]));
    const known = new Set((await tx.getRepository(StatuteVersionEntity).find({ select: { version: true } })).map((row) => row.version));
    const added: NewStatuteVersion[] = [];
    const loadedAt = this.clock.now().toISOString();
    for (const statute of this.byId.values()) {
      const version = this.currentVersions.get(statute.id)!;
      const content = canonicalJson(statute);
      if (!known.has(version)) {
        await tx.getRepository(StatuteVersionEntity).insert({ statuteId: statute.id, version, content, loadedAt });
        added.push({ statuteId: statute.id, version, previousVersion: pointers.get(statute.id)?.contentHash ?? null, loadedAt });
      }
      if (pointers.get(statute.id)?.contentHash !== version) {
        await tx.getRepository(StatuteEntity).save({ id: statute.id, content, contentHash: version, loadedAt });
      }
    }
    return added;
  }
}

export function criterionOf(statute: Statute, code: string): Criterion {
  const criterion = allCriteria(statute).find((c) => c.code === code);
  if (!criterion) throw notFound('criterion', code);
  return criterion;
}

export function trancheOf(statute: Statute, code: string): Tranche {
  const tranche = statute.tranches.find((t) => t.code === code);
  if (!tranche) throw new DomainError('invalid', 'TRANCHE_NOT_FOUND', `${statute.id} has no tranche '${code}'`);
  return tranche;
}
