import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

// OpenAPI building blocks shared by every API controller, so that a new route documents its
// errors with one decorator and a client can be generated from the document.

/** The one error shape of the API (see DomainExceptionFilter). */
export class ErrorResponseDto {
  @ApiProperty({ type: 'integer', example: 409 })
  statusCode: number;

  @ApiProperty({ example: 'Conflict' })
  error: string;

  @ApiProperty()
  message: string;

  @ApiProperty({ description: 'Machine-readable reason, e.g. VALIDATION_FAILED, EVENT_NOT_ALLOWED, STORAGE_UNAVAILABLE', example: 'EVENT_NOT_ALLOWED' })
  code: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'What the error is about, by error (also spread at the top level, as below, for older clients)' })
  details?: Record<string, unknown>;

  @ApiPropertyOptional({ description: '409 on an event: the record\'s current state' })
  state?: string;

  @ApiPropertyOptional({ type: [String], description: '409 on an event: the events this user could send now' })
  allowedEvents?: string[];

  @ApiPropertyOptional({ type: 'integer', description: '409 on a stale version: the current version' })
  version?: number;

  @ApiPropertyOptional({ description: '400 on invalid input: the field at fault' })
  field?: string;

  @ApiPropertyOptional({ type: [String], description: '400 on invalid input: the fields at fault' })
  fields?: string[];

  @ApiPropertyOptional({ type: 'integer', description: '429: seconds until another attempt is allowed' })
  retryAfterSeconds?: number;

  @ApiPropertyOptional({ format: 'date-time', description: '404 for an instant before the record existed' })
  asOf?: string;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed or invalid input (VALIDATION_FAILED and others); nothing changed',
  401: 'Not signed in, or the token is no longer valid',
  403: 'The role or separation of duties does not allow this',
  404: 'Unknown id or route',
  409: 'Not allowed in the current state, a stale version, or a duplicate',
  413: 'Request body too large',
  429: 'Too many attempts (sign-in rate limit, or a configured limit)',
  503: 'Storage not taking writes (STORAGE_UNAVAILABLE) or a host facility missing (PDF_UNAVAILABLE)',
};

export const API_ERROR_STATUSES = [400, 401, 403, 404, 409, 413, 429, 503] as const;

/**
 * Documents the errors an operation can answer, all with ErrorResponseDto. On a controller class
 * it covers every route: authentication, roles, validation, storage and rate limits apply to all.
 */
export function ApiErrorResponses(...statuses: number[]): ClassDecorator & MethodDecorator {
  const list = statuses.length > 0 ? statuses : [...API_ERROR_STATUSES];
  return applyDecorators(
    ApiExtraModels(ErrorResponseDto),
    ...list.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] ?? 'Error', type: ErrorResponseDto })),
  );
}
