import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { toErrorBody } from '../common/domain-exception.filter';
import { CSRF_REFUSED } from './csrf.guard';
import { formValues } from './web-forms';
import { fieldMessagesOf } from './form-feedback';
import { WebAuthService } from './web-auth.service';
import { WebCasesService } from './web-cases.service';
import { WebCyclesService } from './web-cycles.service';
import { WebAdminService } from './web-admin.service';
import { WebPage } from './web-page';
import { WebRequest, WebSession } from './web-session';
import type { CaseForm } from './case.view';

const TITLES: Record<number, string> = {
  400: 'Please check what you entered',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Not possible right now',
  413: 'Too much data',
  429: 'Too many attempts',
  503: 'Not available right now',
};

/** Messages people read instead of the framework's own (ThrottlerException: Too Many Requests). */
export function plainErrorMessage(status: number, message: string): string {
  if (status === 429) return 'Too many attempts in a short time. Wait a minute, then try again.';
  if (status === 404 && /^Cannot (GET|POST|PUT|DELETE|PATCH|HEAD) /.test(message)) return 'There is no page at this address. It may have moved, or the link may be mistyped.';
  if (status >= 500 && status !== 503) return 'Something went wrong on the desk. Nothing was changed; try again, and tell an admin if it happens again.';
  return message;
}

const CASE_FORMS: Array<[RegExp, CaseForm]> = [
  [/^\/cases\/[^/]+\/evidence$/, 'evidence'],
  [/^\/cases\/[^/]+\/proposed-finding$/, 'finding'],
  [/^\/cases\/[^/]+\/events$/, 'event'],
  [/^\/cases\/[^/]+\/evidence\/[^/]+\/retract$/, 'retract'],
  [/^\/cases\/[^/]+\/evidence\/[^/]+\/revise$/, 'revise'],
  [/^\/cases\/[^/]+\/assignment$/, 'assignment'],
];

/**
 * Errors on web pages become pages, never JSON or a stack: not signed in -> the sign-in page;
 * a refused form -> the same page again with the service's message and what was typed;
 * anything else -> an error page with the status and message (from toErrorBody, as the API).
 */
@Catch()
@Injectable()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebErrors');

  constructor(
    private readonly page: WebPage,
    private readonly session: WebSession,
    private readonly auth: WebAuthService,
    private readonly casePages: WebCasesService,
    private readonly cyclePages: WebCyclesService,
    private readonly adminPages: WebAdminService,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<WebRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) this.logger.error(`${req.method} ${req.originalUrl}: ${(exception as Error)?.stack ?? String(exception)}`);
    try {
      const html = await this.pageFor(req, res, body.statusCode, body.message, body.code, body as Record<string, unknown>);
      if (html === null) return;
      res.status(body.statusCode).type('html').send(html);
    } catch (second) {
      // The page itself could not be built (e.g. the case is gone): the plain error page.
      if (res.headersSent) return;
      const fallback = toErrorBody(second);
      res.status(body.statusCode).type('html').send(this.errorPage(req, body.statusCode, body.statusCode >= 500 ? fallback.message : body.message));
    }
  }

  private async pageFor(req: WebRequest, res: Response, status: number, message: string, code: string | undefined, details: Record<string, unknown> = {}): Promise<string | null> {
    const path = req.path;
    const isPost = req.method === 'POST';
    if (isPost && path === '/reset-password' && code !== CSRF_REFUSED) return this.adminPages.resetForm(req, res, req.body?.token, message);
    if (isPost && path === '/login' && code !== CSRF_REFUSED) {
      const username = typeof req.body?.username === 'string' ? req.body.username : '';
      return this.auth.form(req, res, { next: req.body?.next }, plainErrorMessage(status, message), username);
    }
    if (status === 401) {
      this.session.end(res);
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/login${next}`);
      return null;
    }
    if (isPost && code !== CSRF_REFUSED && req.user && status < 500) {
      const caseForm = CASE_FORMS.find(([pattern]) => pattern.test(path));
      if (caseForm) {
        const [, , caseId, , evidenceId] = path.split('/').map((part) => decodeURIComponent(part));
        const fieldMessages = fieldMessagesOf(details, message);
        return this.casePages.show(req, caseId, {}, { failedForm: caseForm[1], error: message, values: formValues(req.body), notice: null, evidenceId: evidenceId ?? null, code: code ?? null, fieldMessages });
      }
      if (path === '/cycles/new' && status !== 403) {
        const fieldErrors = (details.fieldErrors ?? {}) as Record<string, string>;
        return this.cyclePages.openForm(req, req.body?.statuteId, { error: message, values: formValues(req.body), fieldErrors });
      }
      if (path === '/admin/users' || /^\/admin\/users\/\d+\//.test(path)) {
        const values = formValues(req.body);
        const roles = req.body?.roles;
        values.roles = Array.isArray(roles) ? roles.join(',') : typeof roles === 'string' ? roles : '';
        const fields = Array.isArray(details.fields) ? (details.fields as string[]) : [];
        const fieldMessages = (details.fieldMessages ?? {}) as Record<string, string>;
        return this.adminPages.list(req, undefined, { error: message, fields: path === '/admin/users' ? fields : [], fieldMessages, values: path === '/admin/users' ? values : {}, reset: null });
      }
      if (/^\/cycles\/[^/]+\/(events|confirm)$/.test(path)) {
        return this.cyclePages.show(req, decodeURIComponent(path.split('/')[2]), undefined, { error: message, values: formValues(req.body), fieldMessages: fieldMessagesOf(details, message) });
      }
    }
    return this.errorPage(req, status, message);
  }

  errorPage(req: WebRequest, status: number, message: string): string {
    const title = TITLES[status] ?? (status >= 500 ? 'Something went wrong' : 'Request refused');
    return this.page.renderWith(req, 'error', { title, section: 'none' }, { status, heading: title, message: plainErrorMessage(status, message), signedIn: !!req.user });
  }
}
