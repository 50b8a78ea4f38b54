import type { CaseEntity } from '../cases/case.entity';
import type { CycleEntity } from './cycle.entity';

export interface CycleView {
  id: string;
  statuteId: string;
  fiscalYear: number;
  state: string;
  version: number;
  appropriatedCents: number;
  withheldPercent: number;
  withheldCents: number;
  obligationDeadline: string;
  decision: Record<string, unknown> | null;
  allowedEvents: string[];
  cases: Array<{ id: string; criterionCode: string; state: string }>;
  createdAt: string;
  updatedAt: string;
}

export function toCycleView(cycle: CycleEntity, cases: CaseEntity[], allowedEvents: string[]): CycleView {
  return {
    id: cycle.id,
    statuteId: cycle.statuteId,
    fiscalYear: cycle.fiscalYear,
    state: cycle.state,
    version: cycle.version,
    appropriatedCents: cycle.appropriatedCents,
    withheldPercent: cycle.withheldBasisPoints / 100,
    withheldCents: cycle.withheldCents,
    obligationDeadline: cycle.obligationDeadline,
    decision: cycle.decision,
    allowedEvents,
    cases: cases.map((c) => ({ id: c.id, criterionCode: c.criterionCode, state: c.state })),
    createdAt: cycle.createdAt,
    updatedAt: cycle.updatedAt,
  };
}
