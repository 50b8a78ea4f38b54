import { Injectable } from '@nestjs/common';
import { TemplateEngine } from '../templates/template-engine';
import { MyWorkService } from '../work/my-work.service';
import { CSRF_FIELD, WebRequest, WebSession } from './web-session';

export interface Chrome {
  title: string;
  /** Which navigation entry is the current page. */
  section: 'work' | 'cycles' | 'inbox' | 'audit' | 'users' | 'none';
}

/** Wraps every page in the common layout: header with the signed-in user, navigation, CSRF token. */
@Injectable()
export class WebPage {
  constructor(
    private readonly templates: TemplateEngine,
    private readonly session: WebSession,
    private readonly work: MyWorkService,
  ) {}

  /** Every signed-in page shows how much work and how many unread notices wait (counted without the journal). */
  async render(req: WebRequest, page: string, chrome: Chrome, view: object): Promise<string> {
    const counts = req.user ? await this.work.counts(req.user).catch(() => null) : null;
    return this.renderWith(req, page, chrome, view, counts);
  }

  /** The same without counts, for pages that must not query (error pages, sign-in). */
  renderWith(req: WebRequest, page: string, chrome: Chrome, view: object, counts: { total: number; unread: number } | null = null): string {
    const user = req.user
      ? { username: req.user.username, displayName: req.user.displayName, roles: req.user.roles.join(', ') }
      : null;
    const canAudit = !!req.user?.roles.some((role) => role === 'auditor' || role === 'manager');
    const isAdmin = !!req.user?.roles.includes('admin');
    return this.templates.render(
      `pages/${page}`,
      {
        ...view,
        page: {
          title: chrome.title,
          user,
          csrfField: CSRF_FIELD,
          csrf: this.session.tokenFor(req),
          nav: {
            work: chrome.section === 'work', cycles: chrome.section === 'cycles', inbox: chrome.section === 'inbox', audit: chrome.section === 'audit',
            users: chrome.section === 'users', showAudit: canAudit, showUsers: isAdmin,
            workCount: counts?.total ?? null, unread: counts?.unread ?? null,
          },
        },
      },
      'page',
    );
  }
}
