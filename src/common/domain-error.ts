// Domain errors carry a stable string code and a kind; the HTTP layer maps kinds to
// status codes in one place (DomainExceptionFilter), so domain code never imports HTTP.
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  // A budget is spent (sign-in attempts): 429, try again later.
  | 'too_many'
  // A capability of the host is missing (e.g. no Chromium for PDF): 503, the request may succeed elsewhere.
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalidInput = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('invalid', code, message, details);
export const notFound = (what: string, id: string) =>
  new DomainError('not_found', `${what.toUpperCase()}_NOT_FOUND`, `No ${what} with id '${id}'`);
export const forbidden = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('forbidden', code, message, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('conflict', code, message, details);
export const unavailable = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('unavailable', code, message, details);
export const tooMany = (code: string, message: string, retryAfterSeconds: number) =>
  new DomainError('too_many', code, message, { retryAfterSeconds });
export const unauthenticated = (message = 'Sign in required') =>
  new DomainError('unauthenticated', 'UNAUTHENTICATED', message);
