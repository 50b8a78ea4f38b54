import { Injectable } from '@nestjs/common';
import { TemplateEngine } from '../templates/template-engine';
import { CSRF_FIELD, WebRequest, WebSession } from './web-session';

export interface Chrome {
  title: string;
  /** Which navigation entry is the current page. */
  section: 'cycles' | 'audit' | 'none';
}

/** Wraps every page in the common layout: header with the signed-in user, navigation, CSRF token. */
@Injectable()
export class WebPage {
  constructor(
    private readonly templates: TemplateEngine,
    private readonly session: WebSession,
  ) {}

  render(req: WebRequest, page: string, chrome: Chrome, view: object): string {
    const user = req.user
      ? { username: req.user.username, displayName: req.user.displayName, roles: req.user.roles.join(', ') }
      : null;
    const canAudit = !!req.user?.roles.some((role) => role === 'auditor' || role === 'manager');
    return this.templates.render(
      `pages/${page}`,
      {
        ...view,
        page: {
          title: chrome.title,
          user,
          csrfField: CSRF_FIELD,
          csrf: this.session.tokenFor(req),
          nav: { cycles: chrome.section === 'cycles', audit: chrome.section === 'audit', showAudit: canAudit },
        },
      },
      'page',
    );
  }
}
