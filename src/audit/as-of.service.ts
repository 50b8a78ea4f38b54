import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { StatutesService } from '../statutes/statutes.service';
import { reduceCase, reduceCycle } from './as-of-reducer';
import { CaseAsOfView, CycleAsOfView, toCaseAsOfView, toCycleAsOfView } from './as-of.mapper';
import { normaliseInstant } from './instant';
import { JournalRepository } from './journal.repository';

/** Cases and cycles as they stood at a past instant, rebuilt from the journal rows only. */
@Injectable()
export class AsOfService {
  constructor(
    private readonly journal: JournalRepository,
    private readonly statutes: StatutesService,
  ) {}

  async caseAsOf(id: string, asOf: string): Promise<CaseAsOfView> {
    const at = normaliseInstant(asOf, 'asOf');
    const state = reduceCase(id, await this.journal.upTo('case', id, at));
    if (!state || !state.criterionCode) throw notYet('case', id, at);
    return toCaseAsOfView(state, this.statutes.criterion(state.criterionCode), at);
  }

  async cycleAsOf(id: string, asOf: string): Promise<CycleAsOfView> {
    const at = normaliseInstant(asOf, 'asOf');
    const state = reduceCycle(id, await this.journal.upTo('cycle', id, at));
    if (!state) throw notYet('cycle', id, at);
    // The statute's own order, as the live cycle lists its cases.
    const cases = this.statutes.inStatutoryOrder(state.cases.map((c) => ({ ...c, criterionCode: c.criterionCode ?? '' })));
    return toCycleAsOfView({ ...state, cases }, at);
  }
}

function notYet(what: string, id: string, at: string): DomainError {
  return new DomainError('not_found', `${what.toUpperCase()}_NOT_FOUND`, `No ${what} with id '${id}' existed at ${at}`, { asOf: at });
}
