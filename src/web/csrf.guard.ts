import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { forbidden } from '../common/domain-error';
import { WebRequest, WebSession } from './web-session';

export const CSRF_REFUSED = 'CSRF_TOKEN_INVALID';

/** Refuses any state-changing page request whose form does not carry this session's token. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly session: WebSession) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<WebRequest>();
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return true;
    if (!this.session.verify(req)) {
      throw forbidden(CSRF_REFUSED, 'This form did not come from a page of the desk, or the page is out of date. Go back, reload the page and try again.');
    }
    return true;
  }
}
