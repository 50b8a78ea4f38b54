import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { invalidInput } from '../common/domain-error';
import { UnitOfWork } from '../database/unit-of-work';
import { CasesService } from '../cases/cases.service';
import type { CaseEntity } from '../cases/case.entity';
import type { FindingRating } from '../cases/case-machine';
import { CyclesService } from '../cycles/cycles.service';
import type { CycleView } from '../cycles/cycle.mapper';
import type { EvidenceView } from '../evidence/dto/evidence.dto';
import { EvidenceService } from '../evidence/evidence.service';
import { criteriaOf } from '../statutes/criterion-lineage';
import { StatuteLineageService } from '../statutes/statute-lineage.service';
import { StatutesService } from '../statutes/statutes.service';
import { AssessmentWindow, assessmentWindow, CaseOffer, EarlierCase, isValidWindow, planCarryForward } from './carry-forward-plan';
import { CarriedForwardEntity, CarriedItem } from './carried-forward.entity';
import { CarriedForwardRepository } from './carried-forward.repository';
import type { CarryForwardDto, CarryForwardQueryDto } from './dto/carry-forward.dto';

export interface CaseOfferView extends CaseOffer {
  criterionCode: string;
  title: string;
  tranche: string;
  state: string;
  /** Already carried forward into this case (copies are made once). */
  carried: boolean;
  /** The case gathers evidence, so copies can be added to it now. */
  open: boolean;
}

export interface CarryForwardOffer {
  cycleId: string;
  fiscalYear: number;
  recipient: { code: string; name: string };
  source: { cycleId: string; fiscalYear: number } | null;
  cases: CaseOfferView[];
}

export interface CarryForwardResult extends CarryForwardOffer {
  copied: { evidence: number; findings: number };
}

/**
 * Offers, and on request makes, the copies a new cycle may take from the recipient's
 * previous cycle of the same line of provisions. Every copy goes through the evidence and
 * case services (so the case machine, the journal and the versions see an ordinary edit)
 * and cites its source in carried_forward, in the same transaction.
 */
@Injectable()
export class CarryForwardService {
  constructor(
    private readonly cycles: CyclesService,
    private readonly cases: CasesService,
    private readonly evidence: EvidenceService,
    private readonly statutes: StatutesService,
    private readonly lineage: StatuteLineageService,
    private readonly carried: CarriedForwardRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async offer(user: AuthUser, cycleId: string, query: CarryForwardQueryDto = {}): Promise<CarryForwardOffer> {
    const cycle = await this.cycles.get(user, cycleId);
    const window = overrideWindow(query);
    const source = await this.previousCycle(user, cycle);
    const statute = await this.statutes.version(cycle.statuteVersion);
    const placed = new Map(criteriaOf(statute).map((c) => [c.code, c]));
    const months = new Map(statute.tranches.map((t) => [t.code, t.assessmentWindowMonths]));
    const current = await Promise.all(cycle.cases.map((c) => this.cases.get(user, c.id)));
    const earlier = source ? await this.earlierCases(user, source) : [];
    const offers = planCarryForward(
      current.map((c) => ({
        id: c.id, family: c.criterion.family, text: c.criterion.text,
        window: window ?? assessmentWindow(cycle.fiscalYear, cycle.obligationDeadline, months.get(c.tranche) ?? null),
      })),
      earlier,
    );
    const done = new Set((await this.carried.forCycle(cycle.id)).filter((row) => row.item === 'case').map((row) => row.caseId));
    return {
      cycleId: cycle.id,
      fiscalYear: cycle.fiscalYear,
      recipient: cycle.recipient,
      source: source ? { cycleId: source.id, fiscalYear: source.fiscalYear } : null,
      cases: offers.map((offer, i) => ({
        ...offer,
        criterionCode: current[i].criterion.code,
        title: placed.get(current[i].criterion.code)?.title ?? current[i].criterion.title,
        tranche: current[i].tranche,
        state: current[i].state,
        carried: done.has(offer.caseId),
        open: current[i].state === 'evidenceGathering',
      })),
    };
  }

  /** Copies evidence overlapping each case's window and last year's finding (as a draft) into the chosen cases. */
  async carry(user: AuthUser, cycleId: string, dto: CarryForwardDto): Promise<CarryForwardResult> {
    const offer = await this.offer(user, cycleId, dto);
    if (!offer.source) throw invalidInput('NOTHING_TO_CARRY', `${offer.recipient.name} has no earlier cycle of this line of provisions`);
    const wanted = dto.cases ? new Set(dto.cases) : null;
    const known = new Set(offer.cases.map((c) => c.caseId));
    const stranger = dto.cases?.find((id) => !known.has(id));
    if (stranger) throw invalidInput('CASE_NOT_IN_CYCLE', `Case '${stranger}' is not a case of ${cycleId}`);
    const copied = { evidence: 0, findings: 0 };
    const sourceCycle = offer.source.cycleId;
    const already = new Set((await this.carried.forCycle(cycleId)).map((row) => `${row.caseId} ${row.sourceKey}`));
    for (const c of offer.cases) {
      if (!c.source || c.carried || (wanted ? !wanted.has(c.caseId) : !c.open)) continue;
      const textUnchanged = c.textUnchanged === true;
      // An attempt cut short part-way resumes where it stopped: each source is copied into a case once.
      for (const item of c.evidence.filter((e) => e.verdict === 'copy' && !already.has(`${c.caseId} ${e.evidenceId}`))) {
        const original = await this.evidence.get(item.evidenceId);
        const carriedFrom = { cycleId: sourceCycle, caseId: c.source.caseId, evidenceId: original.id, revision: original.revision, contentHash: original.contentHash };
        await this.evidence.add(user, c.caseId, evidenceBody(original), {
          carriedFrom,
          record: (tx, copy: EvidenceView, at) => this.record(tx, user, at, offer.cycleId, c.caseId, c.source!.caseId, 'evidence', textUnchanged, original, copy.id),
        });
        copied.evidence += 1;
      }
      if (c.finding && !already.has(`${c.caseId} finding`)) {
        await this.cases.proposeFinding(user, c.caseId, { rating: c.finding.rating as FindingRating, rationale: c.finding.rationale, narrative: c.finding.narrative }, {
          carriedFrom: { cycleId: sourceCycle, caseId: c.source.caseId, finding: c.finding.rating, textUnchanged },
          record: (tx, _copy: CaseEntity, at) => this.record(tx, user, at, offer.cycleId, c.caseId, c.source!.caseId, 'finding', textUnchanged, null, null),
        });
        copied.findings += 1;
      }
      await this.unitOfWork.write((tx) => this.record(tx, user, this.clock.now().toISOString(), offer.cycleId, c.caseId, c.source!.caseId, 'case', textUnchanged, null, null));
    }
    return { ...(await this.offer(user, cycleId, dto)), copied };
  }

  /** Whether a case was carried forward, from where, and whether its text was unchanged. */
  async factsFor(caseId: string): Promise<{ sourceCaseId: string; textUnchanged: boolean } | null> {
    const marker = (await this.carried.forCase(caseId)).find((row) => row.item === 'case');
    return marker ? { sourceCaseId: marker.sourceCaseId, textUnchanged: marker.textUnchanged } : null;
  }

  private record(
    tx: EntityManager, user: AuthUser, at: string, cycleId: string, caseId: string, sourceCaseId: string, item: CarriedItem, textUnchanged: boolean,
    original: EvidenceView | null, copyId: string | null,
  ): Promise<unknown> {
    return this.carried.insert(tx, Object.assign(new CarriedForwardEntity(), {
      id: randomUUID(), cycleId, caseId, sourceCaseId, sourceKey: original ? original.id : item, item,
      sourceEvidenceId: original?.id ?? null, sourceRevision: original?.revision ?? null, sourceContentHash: original?.contentHash ?? null,
      evidenceId: copyId, textUnchanged, createdBy: user.username, createdAt: at,
    }));
  }

  /** The cycle a new cycle would carry forward from, if any. */
  async previousOf(user: AuthUser, cycleId: string): Promise<{ id: string; fiscalYear: number } | null> {
    const previous = await this.previousCycle(user, await this.cycles.get(user, cycleId));
    return previous ? { id: previous.id, fiscalYear: previous.fiscalYear } : null;
  }

  /** The recipient's latest cycle of an earlier fiscal year under a provision of the same lineage. */
  private async previousCycle(user: AuthUser, cycle: CycleView): Promise<CycleView | null> {
    const lineage = new Set(this.lineage.lineage(cycle.statuteId).map((s) => s.id));
    const candidates = (await this.cycles.list(user)).filter(
      (c) => c.recipient.code === cycle.recipient.code && lineage.has(c.statuteId) && c.fiscalYear < cycle.fiscalYear,
    );
    return candidates.sort((a, b) => b.fiscalYear - a.fiscalYear || a.id.localeCompare(b.id))[0] ?? null;
  }

  private async earlierCases(user: AuthUser, source: CycleView): Promise<EarlierCase[]> {
    return Promise.all(
      source.cases.map(async ({ id }) => {
        const [view, evidence] = await Promise.all([this.cases.get(user, id), this.evidence.list(id)]);
        return {
          id,
          family: view.criterion.family,
          text: view.criterion.text,
          finding: view.finding ? { rating: view.finding.rating, rationale: view.finding.rationale, narrative: view.finding.narrative } : null,
          evidence: evidence.map((e) => ({ id: e.id, revision: e.revision, title: e.title, periodStart: e.periodStart, periodEnd: e.periodEnd, retracted: e.retracted })),
        };
      }),
    );
  }
}

function overrideWindow(query: CarryForwardQueryDto): AssessmentWindow | null {
  if (query.windowStart === undefined && query.windowEnd === undefined) return null;
  const window = { start: query.windowStart ?? '', end: query.windowEnd ?? '' };
  if (!isValidWindow(window)) throw invalidInput('INVALID_WINDOW', 'windowStart and windowEnd must both be calendar dates, windowStart not after windowEnd');
  return window;
}

function evidenceBody(e: EvidenceView) {
  return {
    kind: e.kind, title: e.title, source: e.source, sourceDate: e.sourceDate, periodStart: e.periodStart, periodEnd: e.periodEnd,
    ...(e.url ? { url: e.url } : {}), summary: e.summary, stance: e.stance, reliability: e.reliability, credibility: e.credibility,
    ...(e.sensitivity ? { sensitivity: e.sensitivity } : {}),
  };
}
