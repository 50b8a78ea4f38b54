import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { AuthUser } from '../auth/auth.types';
import { invalidInput } from '../common/domain-error';
import { flattenValidationErrors } from '../app.setup';
import { CarryForwardService } from '../carry-forward/carry-forward.service';
import { CarryForwardDto } from '../carry-forward/dto/carry-forward.dto';
import { TrendService } from '../trend/trend.service';
import { carryForwardView } from './carry-forward.view';
import { trendPageView } from './trend.view';
import { WebPage } from './web-page';
import type { WebRequest } from './web-session';

export const trendUrl = (statuteId: string, recipient: string) => `/trends/${encodeURIComponent(statuteId)}/${encodeURIComponent(recipient)}`;
const carryUrl = (cycleId: string, done?: boolean) => `/cycles/${encodeURIComponent(cycleId)}/carry-forward${done ? '?done=carried' : ''}`;

/** The trend page (with its CSV) and the carry-forward page of a new cycle. */
@Injectable()
export class WebYearOverYearService {
  constructor(
    private readonly trends: TrendService,
    private readonly carryForward: CarryForwardService,
    private readonly page: WebPage,
  ) {}

  async trend(req: WebRequest, statuteId: string, recipient: string): Promise<string> {
    const trend = await this.trends.trend(req.user as AuthUser, statuteId, recipient);
    const view = trendPageView({ statute: trend.statute, recipient: trend.recipient, grid: trend.grid, csvHref: `${trendUrl(statuteId, recipient)}/csv` });
    return this.page.render(req, 'trend', { title: `Year over year: ${trend.recipient.name}`, section: 'cycles' }, view);
  }

  trendCsv(req: WebRequest, statuteId: string, recipient: string): Promise<string> {
    return this.trends.csv(req.user as AuthUser, statuteId, recipient);
  }

  async carryForwardPage(req: WebRequest, cycleId: string, done: unknown): Promise<string> {
    const user = req.user as AuthUser;
    const offer = await this.carryForward.offer(user, cycleId);
    const notice = done === 'carried' ? 'Carried forward. The copies are in the cases, each citing its origin; each draft finding goes through review again.' : null;
    const view = carryForwardView(offer, user.roles.includes('analyst'), notice);
    return this.page.render(req, 'carry-forward', { title: `Carry forward into ${cycleId}`, section: 'cycles' }, view);
  }

  /** The form sends the ticked cases (`cases`, repeated); none ticked carries nothing and says so. */
  async carry(user: AuthUser, cycleId: string, body: unknown) {
    const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const ticked = form.cases === undefined ? [] : Array.isArray(form.cases) ? form.cases : [form.cases];
    if (ticked.length === 0) throw invalidInput('NO_CASE_CHOSEN', 'Tick at least one case to carry forward');
    const dto = plainToInstance(CarryForwardDto, { cases: ticked });
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw invalidInput('VALIDATION_FAILED', flattenValidationErrors(errors).join('; '));
    await this.carryForward.carry(user, cycleId, dto);
    return { url: carryUrl(cycleId, true) };
  }
}
