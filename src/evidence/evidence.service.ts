import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CopyOrigin } from '../common/copy-origin';
import { assertCalendarDate } from '../common/calendar-date';
import { conflict, invalidInput, notFound } from '../common/domain-error';
import type { AuthUser } from '../auth/auth.types';
import { CasesRepository } from '../cases/cases.repository';
import { CaseWriter } from '../cases/case-writer';
import { EVIDENCE_DEFAULT_PAGE_SIZE, EvidenceCounts, EvidenceDto, EvidenceListQueryDto, EvidencePage, EvidenceView, RetractEvidenceDto } from './dto/evidence.dto';
import { RELIABILITY_GRADES, STANCES } from './evidence-revision.entity';
import { EvidenceEntity } from './evidence.entity';
import { EvidenceRevisionEntity } from './evidence-revision.entity';
import { contentOf, evidenceContentHash, toEvidenceView } from './evidence.mapper';
import { EvidenceRepository } from './evidence.repository';


function countsOf(tally: Array<{ stance: string; reliability: string; retracted: boolean; n: number }>): EvidenceCounts {
  const counts: EvidenceCounts = {
    all: 0,
    retracted: 0,
    stance: Object.fromEntries(STANCES.map((s) => [s, 0])) as EvidenceCounts['stance'],
    reliability: Object.fromEntries(RELIABILITY_GRADES.map((g) => [g, 0])) as EvidenceCounts['reliability'],
  };
  for (const { stance, reliability, retracted, n } of tally) {
    counts.all += n;
    if (retracted) counts.retracted += n;
    counts.stance[stance as keyof EvidenceCounts['stance']] += n;
    counts.reliability[reliability as keyof EvidenceCounts['reliability']] += n;
  }
  return counts;
}

/** Evidence changes are case changes: they go through the CaseWriter, so the machine decides when they are allowed. */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly evidence: EvidenceRepository,
    private readonly cases: CasesRepository,
    private readonly writer: CaseWriter,
  ) {}

  async list(caseId: string): Promise<EvidenceView[]> {
    if (!(await this.cases.findById(caseId))) throw notFound('case', caseId);
    return (await this.evidence.listCurrent(caseId)).map(([item, revision]) => toEvidenceView(item, revision));
  }

  /** One page of the case's evidence, filtered, with the counts of the whole case beside it. */
  async page(caseId: string, query: EvidenceListQueryDto): Promise<EvidencePage> {
    if (!(await this.cases.findById(caseId))) throw notFound('case', caseId);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? EVIDENCE_DEFAULT_PAGE_SIZE;
    const filter = { stance: query.stance, reliability: query.reliability };
    const [rows, tally] = await Promise.all([this.evidence.pageCurrent(caseId, filter, pageSize, (page - 1) * pageSize), this.evidence.tally(caseId)]);
    // The tally counts every (stance, reliability) pair, so it gives the filtered total too.
    const total = tally.filter((t) => (filter.stance ?? t.stance) === t.stance && (filter.reliability ?? t.reliability) === t.reliability).reduce((sum, t) => sum + t.n, 0);
    return { items: rows.map(([item, revision]) => toEvidenceView(item, revision)), total, page, pageSize, counts: countsOf(tally) };
  }

  /** Paged when the caller sends paging or a filter; the whole list, as before, when not. */
  listOrPage(caseId: string, query: EvidenceListQueryDto): Promise<EvidenceView[] | EvidencePage> {
    const paged = Object.values(query).some((value) => value !== undefined);
    return paged ? this.page(caseId, query) : this.list(caseId);
  }

  async get(id: string): Promise<EvidenceView> {
    const item = await this.evidence.findById(id);
    if (!item) throw notFound('evidence', id);
    return toEvidenceView(item, (await this.evidence.currentRevision(item))!);
  }

  async revisions(id: string): Promise<EvidenceView[]> {
    const item = await this.evidence.findById(id);
    if (!item) throw notFound('evidence', id);
    return (await this.evidence.listRevisions(id)).map((revision) => toEvidenceView(item, revision));
  }

  /** `origin` marks a copy of an item from another case (carried forward from an earlier cycle). */
  async add(user: AuthUser, caseId: string, dto: EvidenceDto, origin?: CopyOrigin<EvidenceView>): Promise<EvidenceView> {
    const content = this.checkedContent(dto);
    const id = randomUUID();
    const { result } = await this.writer.change(user, caseId, {
      type: 'ADD_EVIDENCE',
      evidenceId: id,
      apply: async (tx, _record, at) => {
        const item = Object.assign(new EvidenceEntity(), {
          id, caseId, currentRevision: 1, retracted: false, retractedReason: null, retractedBy: null, retractedAt: null, createdBy: user.username, createdAt: at,
        });
        const revision = this.revision(id, 1, content, user.username, at);
        await this.evidence.insertItem(tx, item, revision);
        const view = toEvidenceView(item, revision);
        if (origin) await origin.record(tx, view, at);
        const carried = origin ? { carriedFrom: origin.carriedFrom } : {};
        return { result: view, journal: { payload: { evidenceId: id, revision: 1, contentHash: revision.contentHash, content, ...carried } } };
      },
    });
    return result;
  }

  async revise(user: AuthUser, id: string, dto: EvidenceDto): Promise<EvidenceView> {
    const content = this.checkedContent(dto);
    const caseId = await this.caseOf(id);
    const { result } = await this.writer.change(user, caseId, {
      type: 'REVISE_EVIDENCE',
      evidenceId: id,
      apply: async (tx, _record, at) => {
        const item = (await this.evidence.findById(id, tx))!;
        if (item.retracted) throw conflict('EVIDENCE_RETRACTED', 'A retracted evidence item cannot be revised');
        const revision = this.revision(id, item.currentRevision + 1, content, user.username, at);
        await this.evidence.insertRevision(tx, item, revision);
        item.currentRevision = revision.revision;
        return {
          result: toEvidenceView(item, revision),
          journal: { payload: { evidenceId: id, revision: revision.revision, contentHash: revision.contentHash, content } },
        };
      },
    });
    return result;
  }

  async retract(user: AuthUser, id: string, dto: RetractEvidenceDto): Promise<EvidenceView> {
    const caseId = await this.caseOf(id);
    const { result } = await this.writer.change(user, caseId, {
      type: 'RETRACT_EVIDENCE',
      evidenceId: id,
      comment: dto.reason,
      apply: async (tx, _record, at) => {
        const item = (await this.evidence.findById(id, tx))!;
        if (item.retracted) throw conflict('EVIDENCE_RETRACTED', 'The evidence item is already retracted');
        Object.assign(item, { retracted: true, retractedReason: dto.reason.trim(), retractedBy: user.username, retractedAt: at });
        await this.evidence.markRetracted(tx, item);
        const revision = (await this.evidence.currentRevision(item, tx))!;
        return { result: toEvidenceView(item, revision), journal: { payload: { evidenceId: id, revision: item.currentRevision, reason: item.retractedReason } } };
      },
    });
    return result;
  }

  private async caseOf(evidenceId: string): Promise<string> {
    const item = await this.evidence.findById(evidenceId);
    if (!item) throw notFound('evidence', evidenceId);
    return item.caseId;
  }

  private checkedContent(dto: EvidenceDto) {
    for (const field of ['sourceDate', 'periodStart', 'periodEnd'] as const) assertCalendarDate(dto[field], field);
    if (dto.periodStart > dto.periodEnd) throw invalidInput('INVALID_PERIOD', 'periodStart must not be after periodEnd');
    return contentOf(dto);
  }

  private revision(evidenceId: string, revision: number, content: ReturnType<typeof contentOf>, by: string, at: string) {
    return Object.assign(new EvidenceRevisionEntity(), {
      id: randomUUID(), evidenceId, revision, ...content, contentHash: evidenceContentHash(evidenceId, revision, content), createdBy: by, createdAt: at,
    });
  }
}
