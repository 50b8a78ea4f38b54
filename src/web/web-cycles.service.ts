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
import type { WebRequest } from './web-session';

export interface CyclePageExtras {
  error: string | null;
  values: Record<string, string>;
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
    const view = cycleBoardView(cycle, statute, title, this.clock.now(), { error: extras.error, values: extras.values, notice });
    return this.page.render(req, 'cycle', { title: `Cycle ${cycle.id}`, section: 'cycles' }, view);
  }

  /** The "open a cycle" form; `statuteId` (from the provision picker or the refused form) narrows it to one provision. */
  openForm(req: WebRequest, statuteId: unknown, extras: OpenCycleExtras = { error: null, values: {}, fieldErrors: {} }): string {
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
    const dto = formToDto(CycleEventDto, body, { type: 'string', tranche: 'optional', comment: 'optional', destination: 'optional', amountCents: 'optionalInt', expectedVersion: 'optionalInt' });
    await this.cycles.sendEvent(user, id, dto);
    return { url: cycleUrl(id, dto.type) };
  }
}
