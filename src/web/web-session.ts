import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import type { AuthUser } from '../auth/auth.types';

export const SESSION_COOKIE = 'cd_session';
/** A random value set with the sign-in form, so that the sign-in post itself carries a token. */
export const LOGIN_COOKIE = 'cd_login';
export const CSRF_FIELD = '_csrf';

export type WebRequest = Request & { user?: AuthUser; sessionToken?: string; cookies: Record<string, string | undefined> };

/**
 * Session cookie and anti-forgery tokens. The token is a synchronizer token derived, not
 * stored: HMAC-SHA256 of the session's JWT under the server secret. A page on another site
 * cannot read our cookie, so it cannot compute the token; nothing to keep server-side, and
 * the token changes with every sign-in. (No extra package: `csrf-csrf` would add a second
 * cookie and a second secret for the same guarantee.)
 */
@Injectable()
export class WebSession {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private cookieOptions(maxAgeMs: number): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.config.isProduction, path: '/', maxAge: maxAgeMs };
  }

  start(res: Response, token: string): void {
    res.cookie(SESSION_COOKIE, token, this.cookieOptions(this.config.jwtTtlSeconds * 1000));
    res.clearCookie(LOGIN_COOKIE, { path: '/' });
  }

  end(res: Response): void {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** The token for forms on a signed-in page. */
  tokenFor(req: WebRequest): string {
    return req.sessionToken ? this.mac(`session:${req.sessionToken}`) : '';
  }

  /** The token for the sign-in form; sets the pre-session cookie it is bound to when missing. */
  loginToken(req: WebRequest, res: Response): string {
    let nonce = req.cookies?.[LOGIN_COOKIE];
    if (!nonce || !/^[A-Za-z0-9_-]{20,64}$/.test(nonce)) {
      nonce = randomBytes(24).toString('base64url');
      res.cookie(LOGIN_COOKIE, nonce, this.cookieOptions(2 * 3600 * 1000));
    }
    return this.mac(`login:${nonce}`);
  }

  /** Whether a posted form carries the token of this browser's session (or sign-in form). */
  verify(req: WebRequest): boolean {
    const sent = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (typeof sent !== 'string' || sent.length === 0) return false;
    const nonce = req.cookies?.[LOGIN_COOKIE];
    const expected = req.user && req.sessionToken ? this.mac(`session:${req.sessionToken}`) : nonce ? this.mac(`login:${nonce}`) : '';
    if (!expected) return false;
    const a = Buffer.from(sent);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private mac(value: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(`csrf|${value}`).digest('base64url');
  }
}

/** Only local paths: `next=` must never send the browser to another site. */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\') || value.startsWith('/api')) return '/';
  return value.length > 500 ? '/' : value;
}
