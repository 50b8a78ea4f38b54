import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { CyclesService } from '../cycles/cycles.service';
import { CycleEventDto } from '../cycles/dto/cycle-event.dto';
import { formToDto } from './web-forms';
import { StatutesService } from '../statutes/statutes.service';
import { allCriteria } from '../statutes/statute-catalog';
import { cycleBoardView, cycleListView } from './cycles.view';
import { OpenCycleExtras, openCycleDto, openCycleView } from './cycle-open.view';
import { EVENT_LABELS } from './web-labels';
import { WebPage } from './web-page';
import type { CycleView } from '../cycles/cycle.mapper';
import { CarryForwardService } from '../carry-forward/carry-forward.service';
import { StatuteLineageService } from '../statutes/statute-lineage.service';
import { trendUrl } from './web-year-over-year.service';
import type { WebRequest } from './web-session';
import { invalidInput } from '../common/domain-error';
import { centsInWords, parseDollars } from '../common/dollars';
import { formatUsd } from '../cycles/money';
import { decisionConfirmView } from './decision-confirm.view';

export interface CyclePageExtras {
  error: string | null;
  values: Record<string, string>;
  fieldMessages?: Record<string, string>;
}

export function cycleUrl(id: string, done?: string): string {
  return `/cycles/${encodeURIComponent(id)}${done ? `?done=${encodeURIComponent(done)}` : ''}`;
}

/** The cycle list (home page) and the cycle board. */
@Injectable()
export class WebCyclesService {
  constructor(
    private readonly cycles: CyclesService,
    private readonly statutes: StatutesService,
    private readonly page: WebPage,
    private readonly clock: Clock,
    private readonly lineage: StatuteLineageService,
    private readonly carryForward: CarryForwardService,
  ) {}

  async list(req: WebRequest): Promise<string> {
    const cycles = await this.cycles.list(req.user as AuthUser);
    const statutes = new Map(this.statutes.list().map((s) => [s.id, s]));
    const canOpen = (req.user as AuthUser).roles.includes('manager');
    return this.page.render(req, 'cycles', { title: 'Reporting cycles', section: 'cycles' }, { ...cycleListView(cycles, statutes, this.clock.now()), canOpen });
  }

  async show(req: WebRequest, id: string, done: unknown, extras: CyclePageExtras = { error: null, values: {} }): Promise<string> {
    const { statute } = await this.cycles.load(id);
    const cycle = await this.cycles.get(req.user as AuthUser, id);
    const title = (code: string) => allCriteria(statute).find((c) => c.code === code)?.title ?? code;
    const notice = done === 'OPEN_CYCLE' ? 'Cycle opened.' : typeof done === 'string' && EVENT_LABELS[done] ? `Done: ${EVENT_LABELS[done]}.` : null;
    const view = { ...cycleBoardView(cycle, statute, title, this.clock.now(), { error: extras.error, values: extras.values, notice, fieldMessages: extras.fieldMessages }), yearOverYear: await this.yearOverYear(req, cycle) };
    return this.page.render(req, 'cycle', { title: `Cycle ${cycle.id}`, section: 'cycles' }, view);
  }

  private async yearOverYear(req: WebRequest, cycle: CycleView) {
    return {
      amendments: this.lineage.amendmentsAffecting(cycle.statuteId, cycle.fiscalYear).map((a) => ({
        act: a.act.title, citation: a.citation, effect: a.effect, paraphrase: a.textStatus === 'paraphrase',
      })),
      previous: await this.carryForward.previousOf(req.user as AuthUser, cycle.id),
      carryForwardHref: `/cycles/${encodeURIComponent(cycle.id)}/carry-forward`,
      trendHref: trendUrl(cycle.statuteId, cycle.recipient.code),
      recipient: cycle.recipient.name,
    };
  }

  /** The "open a cycle" form; `statuteId` (from the provision picker or the refused form) narrows it to one provision. */
  openForm(req: WebRequest, statuteId: unknown, extras: OpenCycleExtras = { error: null, values: {}, fieldErrors: {} }): Promise<string> {
    const statutes = this.statutes.list();
    const chosen = typeof statuteId === 'string' && statuteId ? this.statutes.get(statuteId) : null;
    return this.page.render(req, 'cycle-new', { title: 'Open a cycle', section: 'cycles' }, openCycleView(statutes, chosen, extras));
  }

  /** Opens the cycle through the same service as POST /api/cycles. */
  async open(user: AuthUser, body: unknown) {
    const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const statute = this.statutes.get(typeof form.statuteId === 'string' ? form.statuteId : '');
    const cycle = await this.cycles.create(user, openCycleDto(statute, form));
    return { url: cycleUrl(cycle.id, 'OPEN_CYCLE') };
  }

  async sendEvent(user: AuthUser, id: string, body: unknown) {
    const form = await this.withCents(user, id, body);
    const dto = formToDto(CycleEventDto, form, { type: 'string', tranche: 'optional', comment: 'optional', destination: 'optional', amountCents: 'optionalInt', expectedVersion: 'optionalInt' });
    await this.cycles.sendEvent(user, id, dto);
    return { url: cycleUrl(id, dto.type) };
  }

  /**
   * The step before a final decision: nothing changes yet; the page repeats the amount in
   * figures and in words, the destination, and what cannot be undone, with one button to decide.
   */
  async confirm(req: WebRequest, id: string, body: unknown): Promise<string> {
    const user = req.user as AuthUser;
    const form = await this.withCents(user, id, body);
    const dto = formToDto(CycleEventDto, form, { type: 'string', tranche: 'optional', comment: 'optional', destination: 'optional', amountCents: 'optionalInt', expectedVersion: 'optionalInt' });
    const cycle = await this.cycles.get(user, id);
    // On a multi-tranche board the decision belongs to the tranche named in the form.
    const allowed = dto.tranche ? (cycle.tranches.find((t) => t.code === dto.tranche)?.allowedEvents ?? []) : cycle.allowedEvents;
    if (!allowed.includes(dto.type)) return this.show(req, id, undefined, { error: `${EVENT_LABELS[dto.type] ?? dto.type} is not open on this cycle now.`, values: {} });
    const view = decisionConfirmView(cycle, dto, { label: EVENT_LABELS[dto.type] ?? dto.type, words: dto.amountCents !== undefined ? centsInWords(dto.amountCents) : null });
    return this.page.render(req, 'confirm-decision', { title: `Confirm: ${view.label} · ${id}`, section: 'cycles' }, view);
  }

  /** Dollars typed in the form (`amount`) become `amountCents`, exactly; the limit is named in dollars, as on the form. */
  private async withCents(user: AuthUser, id: string, body: unknown): Promise<Record<string, unknown>> {
    const form = { ...((body && typeof body === 'object' ? body : {}) as Record<string, unknown>) };
    const typed = form.amount;
    delete form.amount;
    if (typeof typed !== 'string' || typed.trim() === '') return form;
    const parsed = parseDollars(typed);
    if (!parsed.ok) throw invalidInput('INVALID_AMOUNT', `Amount: ${parsed.message}`, { fields: ['amount'] });
    const cycle = await this.cycles.get(user, id);
    const tranche = typeof form.tranche === 'string' && form.tranche ? cycle.tranches.find((t) => t.code === form.tranche) : undefined;
    const limit = tranche ? tranche.withheldCents : cycle.withheldCents;
    if (parsed.cents <= 0 || parsed.cents > limit) {
      throw invalidInput('AMOUNT_EXCEEDS_WITHHELD', `Amount: enter more than $0.00 and at most the withheld ${formatUsd(limit)}`, { fields: ['amount'] });
    }
    form.amountCents = String(parsed.cents);
    return form;
  }
}
