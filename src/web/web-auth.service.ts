import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AuthService } from '../auth/auth.service';
import { LoginDto } from '../auth/dto/login.dto';
import { formToDto } from './web-forms';
import { WebPage } from './web-page';
import { safeNext, SESSION_COOKIE, WebRequest, WebSession } from './web-session';

/** Sign-in and sign-out: AuthService checks the password; the page keeps its JWT in a cookie. */
@Injectable()
export class WebAuthService {
  constructor(
    private readonly auth: AuthService,
    private readonly session: WebSession,
    private readonly page: WebPage,
  ) {}

  form(req: WebRequest, res: Response, query: { next?: unknown; signedOut?: unknown; reset?: unknown }, error: string | null = null, username = ''): string {
    const view = { loginToken: this.session.loginToken(req, res), next: safeNext(query.next), error, username, signedOut: query.signedOut === '1', passwordReset: query.reset === '1' };
    // The sign-in page shows no signed-in chrome, whatever cookie came with it.
    return this.page.renderWith({ cookies: {} } as WebRequest, 'login', { title: 'Sign in', section: 'none' }, view);
  }

  async login(res: Response, body: unknown, address: string) {
    const dto = formToDto(LoginDto, body, { username: 'string', password: 'string' });
    const result = await this.auth.login(dto.username, dto.password, address);
    this.session.start(res, result.accessToken);
    return { url: safeNext((body as Record<string, unknown>).next) };
  }

  async logout(req: WebRequest, res: Response) {
    await this.auth.endSession(req.cookies?.[SESSION_COOKIE]);
    this.session.end(res);
    return { url: '/login?signedOut=1' };
  }
}
