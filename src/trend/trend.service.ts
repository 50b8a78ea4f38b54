import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth.types';
import { DomainError } from '../common/domain-error';
import { CasesService } from '../cases/cases.service';
import { CyclesService } from '../cycles/cycles.service';
import type { CycleView } from '../cycles/cycle.mapper';
import { criteriaOf } from '../statutes/criterion-lineage';
import { StatuteLineageService } from '../statutes/statute-lineage.service';
import { StatutesService } from '../statutes/statutes.service';
import { buildTrendGrid, TrendCycleInput, TrendGrid, TrendOutcome, trendCsv } from './trend-grid';

const OUTCOMES: Record<string, TrendOutcome> = { release: 'released', withhold: 'withheld', reprogram: 'reprogrammed', waive: 'waived' };

export interface TrendView {
  statute: { id: string; title: string };
  recipient: { code: string; name: string };
  lineage: string[];
  grid: TrendGrid;
}

/** The year-over-year picture of one recipient under one line of provisions, from the cycles as decided. */
@Injectable()
export class TrendService {
  constructor(
    private readonly cycles: CyclesService,
    private readonly cases: CasesService,
    private readonly statutes: StatutesService,
    private readonly lineage: StatuteLineageService,
  ) {}

  async trend(user: AuthUser, statuteId: string, recipientCode: string): Promise<TrendView> {
    const statute = this.statutes.get(statuteId);
    const lineage = this.lineage.lineage(statuteId);
    const recipient = lineage.flatMap((s) => s.recipients).find((r) => r.code === recipientCode);
    if (!recipient) throw new DomainError('not_found', 'RECIPIENT_NOT_FOUND', `No provision of ${statuteId}'s line applies to a recipient '${recipientCode}'`);
    const ids = new Set(lineage.map((s) => s.id));
    const cycles = (await this.cycles.list(user)).filter((c) => ids.has(c.statuteId) && c.recipient.code === recipientCode);
    const inputs = await Promise.all(cycles.map((c) => this.input(user, c)));
    return { statute: { id: statute.id, title: statute.title }, recipient: { code: recipient.code, name: recipient.name }, lineage: [...ids], grid: buildTrendGrid(inputs) };
  }

  async csv(user: AuthUser, statuteId: string, recipientCode: string): Promise<string> {
    return trendCsv((await this.trend(user, statuteId, recipientCode)).grid);
  }

  private async input(user: AuthUser, cycle: CycleView): Promise<TrendCycleInput> {
    const pinned = new Map(criteriaOf(await this.statutes.version(cycle.statuteVersion)).map((c) => [c.code, c]));
    const cases = await Promise.all(cycle.cases.map((c) => this.cases.get(user, c.id)));
    return {
      cycleId: cycle.id,
      fiscalYear: cycle.fiscalYear,
      tranches: cycle.tranches.map((t) => {
        const decision = t.decision as { type?: string; amountCents?: number | null } | null;
        return { code: t.code, withheldCents: t.withheldCents, outcome: OUTCOMES[decision?.type ?? ''] ?? null, reprogrammedCents: decision?.amountCents ?? null };
      }),
      cases: cases.map((c) => ({
        caseId: c.id, family: c.criterion.family, title: pinned.get(c.criterion.code)?.title ?? c.criterion.title, tranche: c.tranche, finding: c.finding?.rating ?? null,
      })),
    };
  }
}
