import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { SESSION_COOKIE, WebRequest } from './web-session';

/**
 * Hands the session cookie to the global AuthGuard as `request.sessionToken`. Bound to the
 * web controllers only: the JSON API never accepts the cookie, so it needs no CSRF defence.
 */
@Injectable()
export class WebSessionMiddleware implements NestMiddleware {
  use(req: WebRequest, _res: Response, next: NextFunction): void {
    const token = req.cookies?.[SESSION_COOKIE];
    if (typeof token === 'string' && token.length > 0 && token.length < 4096 && !req.path.startsWith('/api')) req.sessionToken = token;
    next();
  }
}
