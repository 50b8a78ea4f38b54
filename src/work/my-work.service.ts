import { CASE_REVIEW_LOOP_EVENTS } from '../cases/case-machine';
import { Injectable } from '@nestjs/common';
import { Assignment, AssignmentsRepository } from '../assignments/assignments.repository';
import { JournalRepository } from '../audit/journal.repository';
import type { AuthUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import type { CycleView } from '../cycles/cycle.mapper';
import { CyclesService } from '../cycles/cycles.service';
import { NotificationsService } from '../notifications/notifications.service';
import { dutyDates } from '../statutes/statute-deadlines';
import { criterionOf, StatutesService } from '../statutes/statutes.service';
import { DueView, dueView } from './due';

export type WorkKind = 'fix' | 'gather' | 'review' | 'prepare_memo' | 'decide' | 'transmit';

export interface WorkItem {
  kind: WorkKind;
  cycleId: string;
  caseId: string | null;
  title: string;
  link: string;
  due: DueView | null;
  /** The reviewer's (or manager's) word when the case came back: shown above everything else. */
  returned: { by: string; at: string; comment: string | null; event: 'REQUEST_CHANGES' | 'REOPEN' } | null;
}

export interface MyWork {
  username: string;
  gather: WorkItem[];
  review: WorkItem[];
  memos: WorkItem[];
  transmit: WorkItem[];
  /** Managers: cases nobody is assigned to yet, per cycle. */
  unassigned: Array<{ cycleId: string; count: number }>;
  duties: Array<{ statuteId: string; description: string; due: DueView; citation: string | null }>;
  counts: { total: number; gather: number; review: number; memos: number; transmit: number; unread: number };
}

const DECIDE_EVENTS = ['DECIDE_RELEASE', 'DECIDE_WITHHOLD', 'DECIDE_WAIVE', 'DECIDE_REPROGRAM'];

const byUrgency = (a: WorkItem, b: WorkItem) =>
  Number(!!b.returned) - Number(!!a.returned) || (a.due?.date ?? '9999').localeCompare(b.due?.date ?? '9999') || a.link.localeCompare(b.link);

/** What waits for one person: built from the cycles, the assignments and (for returns) the journal. */
@Injectable()
export class MyWorkService {
  constructor(
    private readonly cycles: CyclesService,
    private readonly assignments: AssignmentsRepository,
    private readonly journal: JournalRepository,
    private readonly notifications: NotificationsService,
    private readonly statutes: StatutesService,
    private readonly clock: Clock,
  ) {}

  /** The navigation's figures: the same lists without reading the journal. */
  async counts(user: AuthUser): Promise<MyWork['counts']> {
    return (await this.forUser(user, false)).counts;
  }

  async forUser(user: AuthUser, withReturns = true): Promise<MyWork> {
    const now = this.clock.now();
    const [cycles, assignmentList, unread] = await Promise.all([this.cycles.list(user), this.assignments.all(), this.notifications.unreadCount(user.username)]);
    const assigned = new Map<string, Assignment>(assignmentList.map((a) => [a.caseId, a]));
    const roles = new Set<string>(user.roles);
    const title = (statuteId: string, code: string) => {
      try {
        return criterionOf(this.statutes.get(statuteId), code).title;
      } catch {
        return code;
      }
    };
    const gather: WorkItem[] = [];
    const review: WorkItem[] = [];
    const memos: WorkItem[] = [];
    const transmit: WorkItem[] = [];
    const unassigned: MyWork['unassigned'] = [];
    for (const cycle of cycles) {
      let open = 0;
      for (const c of cycle.cases) {
        const a = assigned.get(c.id);
        if (!a && c.state !== 'reported') open += 1;
        const item = (kind: WorkKind): WorkItem => ({
          kind, cycleId: cycle.id, caseId: c.id, title: `${title(cycle.statuteId, c.criterionCode)} (${cycle.id})`, link: `/cases/${encodeURIComponent(c.id)}`,
          due: a ? dueView(a.dueDate, now) : null, returned: null,
        });
        if (c.state === 'evidenceGathering' && a?.analyst === user.username) gather.push(item('gather'));
        if (c.state === 'inReview' && a?.reviewer === user.username) review.push(item('review'));
      }
      if (roles.has('manager') && open > 0) unassigned.push({ cycleId: cycle.id, count: open });
      if (roles.has('manager')) this.cycleItems(cycle, now, memos, transmit);
    }
    // The journal says which gathering cases came back, and with what comment.
    for (const item of withReturns ? gather : []) {
      // Newest first: the latest loop event decides (a case's history is paged, never read whole here).
      const last = (await this.journal.search({ entityType: 'case', entityId: item.caseId! }, 'desc', 200, 0)).find((row) => CASE_REVIEW_LOOP_EVENTS.has(row.event));
      if (last && (last.event === 'REQUEST_CHANGES' || last.event === 'REOPEN')) {
        item.kind = 'fix';
        item.returned = { by: last.actor, at: last.at, comment: last.comment, event: last.event };
      }
    }
    gather.sort(byUrgency);
    review.sort(byUrgency);
    const today = now.toISOString().slice(0, 10);
    const duties = roles.has('manager')
      ? this.statutes.list().flatMap((s) => dutyDates(s, today).map((d) => ({ statuteId: s.id, description: d.description, due: dueView(d.due, now), citation: d.citation })))
      : [];
    const total = gather.length + review.length + memos.length + transmit.length;
    return {
      username: user.username, gather, review, memos, transmit, unassigned, duties,
      counts: { total, gather: gather.length, review: review.length, memos: memos.length, transmit: transmit.length, unread },
    };
  }

  private cycleItems(cycle: CycleView, now: Date, memos: WorkItem[], transmit: WorkItem[]): void {
    const base = { cycleId: cycle.id, caseId: null, link: `/cycles/${encodeURIComponent(cycle.id)}`, due: dueView(cycle.obligationDeadline, now), returned: null };
    // Each tranche decides on its own: any tranche's open event counts (a single tranche's are also the cycle's).
    const tranches = (cycle as { tranches?: Array<{ allowedEvents: string[] }> }).tranches ?? [];
    const events = [...new Set([...cycle.allowedEvents, ...tranches.flatMap((t) => t.allowedEvents)])];
    // The machine offers PREPARE_MEMO in `assessing`; the memo is work only once every case is approved.
    if (events.includes('PREPARE_MEMO') && cycle.cases.every((c) => c.state === 'approved')) memos.push({ ...base, kind: 'prepare_memo', title: `Prepare the decision memo for ${cycle.id}` });
    else if (events.some((e) => DECIDE_EVENTS.includes(e))) memos.push({ ...base, kind: 'decide', title: `Decide on the withheld funds of ${cycle.id}` });
    if (events.includes('TRANSMIT_REPORT')) transmit.push({ ...base, kind: 'transmit', title: `Transmit the report for ${cycle.id}` });
  }
}
