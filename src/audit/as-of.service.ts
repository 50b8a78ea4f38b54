import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { criterionOf, StatutesService } from '../statutes/statutes.service';
import { allCriteria } from '../statutes/statute-catalog';
import { CaseFold, reduceCycle } from './as-of-reducer';
import { applyCaseRow, SnapshotService, SNAPSHOT_EVERY } from './snapshot.service';
import { CaseAsOfView, CycleAsOfView, toCaseAsOfView, toCycleAsOfView } from './as-of.mapper';
import { normaliseInstant } from './instant';
import { JournalRepository } from './journal.repository';

/** Cases and cycles as they stood at a past instant, rebuilt from the journal rows only. */
@Injectable()
export class AsOfService {
  constructor(
    private readonly journal: JournalRepository,
    private readonly statutes: StatutesService,
    private readonly snapshots: SnapshotService,
  ) {}

  /** Replays only the rows after the nearest stored state (see SnapshotService), and asks for more states when it had to replay many. */
  /** `paging`: which page of the case's evidence then, sized by the caller (the evidence list's default and bounds). */
  async caseAsOf(id: string, asOf: string, paging: { page: number; pageSize: number }): Promise<CaseAsOfView> {
    const at = normaliseInstant(asOf, 'asOf');
    const snapshot = await this.snapshots.nearestCase(id, at);
    let fold = snapshot ? CaseFold.resume(snapshot.state) : null;
    const rows = await this.journal.caseRowsAfter(id, snapshot?.seq ?? 0, { at });
    for (const row of rows) fold = applyCaseRow(fold, id, row);
    if (rows.length > SNAPSHOT_EVERY) this.snapshots.scheduleCase(id);
    const state = fold?.header();
    if (!fold || !state?.criterionCode) throw notYet('case', id, at);
    // Rows written before catalog v2 name no version: those cases were assessed against the first version the desk kept.
    const version = state.statuteVersion ?? (await this.statutes.firstVersionHolding(state.criterionCode));
    const criterion = criterionOf(await this.statutes.version(version), state.criterionCode);
    // Only the page's items are read out of the stored state.
    const evidence = { items: fold.evidencePage((paging.page - 1) * paging.pageSize, paging.pageSize), total: fold.evidenceCount };
    return toCaseAsOfView({ ...state, statuteVersion: version }, evidence, criterion, at, paging);
  }

  async cycleAsOf(id: string, asOf: string): Promise<CycleAsOfView> {
    const at = normaliseInstant(asOf, 'asOf');
    const state = reduceCycle(id, await this.journal.upTo('cycle', id, at));
    if (!state) throw notYet('cycle', id, at);
    // The statute's own order, as the live cycle lists its cases.
    const order = state.statuteId ? allCriteria(this.statutes.get(state.statuteId)).map((c) => c.code) : [];
    const rank = (code: string | null) => (code && order.includes(code) ? order.indexOf(code) : order.length);
    const cases = [...state.cases].sort((a, b) => rank(a.criterionCode) - rank(b.criterionCode));
    return toCycleAsOfView({ ...state, cases }, at);
  }
}

function notYet(what: string, id: string, at: string): DomainError {
  return new DomainError('not_found', `${what.toUpperCase()}_NOT_FOUND`, `No ${what} with id '${id}' existed at ${at}`, { asOf: at });
}
