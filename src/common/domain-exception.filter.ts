import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, DomainErrorKind } from './domain-error';
import { isConcurrencyFailure, isUniqueViolation } from '../database/storage-fault';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  too_many: HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

const ERROR_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  [key: string]: unknown;
}

/** Maps any thrown value to the JSON error contract `{ statusCode, error, message, code? }`. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    const statusCode = STATUS_BY_KIND[exception.kind];
    // Details under `details` (the documented shape) and, as before, at the top level.
    const details = exception.details && Object.keys(exception.details).length > 0 ? { details: exception.details } : {};
    return { ...exception.details, statusCode, error: ERROR_NAMES[statusCode], message: exception.message, code: exception.code, ...details };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
    return { statusCode, error: ERROR_NAMES[statusCode] ?? 'Error', message, code: httpCode(statusCode) };
  }
  // Races that a service did not name more precisely: still a conflict, never a 500.
  if (isUniqueViolation(exception)) {
    return { statusCode: 409, error: ERROR_NAMES[409], message: 'A record with this key was stored meanwhile by another request', code: 'DUPLICATE_KEY' };
  }
  if (isConcurrencyFailure(exception)) {
    return { statusCode: 409, error: ERROR_NAMES[409], message: 'Another request changed this record at the same time; read it again and retry', code: 'CONCURRENT_UPDATE' };
  }
  // Errors raised by body-parser before any controller runs (bad JSON, oversize body, bad charset).
  const status = (exception as { status?: unknown; statusCode?: unknown })?.status ?? (exception as { statusCode?: unknown })?.statusCode;
  const type = (exception as { type?: unknown })?.type;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message =
      type === 'entity.parse.failed'
        ? 'Malformed JSON in request body'
        : type === 'entity.too.large'
          ? 'Request body too large'
          : 'Invalid request';
    return { statusCode: status, error: ERROR_NAMES[status] ?? 'Bad Request', message, code: httpCode(status) };
  }
  return { statusCode: 500, error: ERROR_NAMES[500], message: 'Internal server error', code: 'INTERNAL_ERROR' };
}

function httpCode(status: number): string {
  switch (status) {
    case 400: return 'BAD_REQUEST';
    case 401: return 'UNAUTHENTICATED';
    case 403: return 'FORBIDDEN';
    case 404: return 'NOT_FOUND';
    case 409: return 'CONFLICT';
    case 413: return 'PAYLOAD_TOO_LARGE';
    case 429: return 'TOO_MANY_REQUESTS';
    default: return `HTTP_${status}`;
  }
}

/** Renders an error as a page for requests outside /api (provided by the web module). */
export interface HtmlErrorPages {
  render(request: Request, status: number, message: string): string;
}
export const HTML_ERROR_PAGES = Symbol('HTML_ERROR_PAGES');

@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Optional() @Inject(HTML_ERROR_PAGES) private readonly pages?: HtmlErrorPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const response = ctx.getResponse<Response>();
    const request = ctx.getRequest<Request>();
    const body = toErrorBody(exception);
    if (exception instanceof DomainError && body.statusCode >= 500) {
      // An expected host limitation (e.g. no Chromium): one line, no stack.
      this.logger.warn(`${request.method} ${request.originalUrl}: ${body.code}: ${body.message}`);
    } else if (body.statusCode >= 500) {
      // The stack goes to the log, never to the client.
      this.logger.error(`${request.method} ${request.originalUrl}: ${(exception as Error)?.stack ?? String(exception)}`);
    }
    if (response.headersSent) return;
    if (typeof body.retryAfterSeconds === 'number') response.setHeader('Retry-After', String(body.retryAfterSeconds));
    // JSON stays on /api; anywhere else (an unknown page, say) a person gets a page.
    if (this.pages && !request.path.startsWith('/api')) {
      response.status(body.statusCode).type('html').send(this.pages.render(request, body.statusCode, body.message));
      return;
    }
    // A route that answers CSV or PDF set its content type before it failed: an error is always JSON.
    response.status(body.statusCode).type('application/json').json(body);
  }
}
