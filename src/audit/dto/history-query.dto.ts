import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export const JOURNAL_ENTITY_TYPES = ['case', 'cycle', 'evidence', 'user', 'document', 'statute'] as const;
export const HISTORY_MAX_PAGE_SIZE = 200;

/** `?page=&pageSize=` on a case's or a cycle's history; without them the whole history is answered as an array. */
export class RecordHistoryQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000)
  page?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(HISTORY_MAX_PAGE_SIZE)
  pageSize?: number;

  /** Oldest first by default; `desc` pages from the latest. */
  @IsOptional() @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

/** Filters of `GET /api/history`; query values arrive as strings, numbers are converted explicitly. */
export class HistoryQueryDto {
  @IsOptional() @IsIn(JOURNAL_ENTITY_TYPES)
  entity?: (typeof JOURNAL_ENTITY_TYPES)[number];

  @IsOptional() @IsString() @MinLength(1) @MaxLength(160)
  entityId?: string;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(64)
  actor?: string;

  @IsOptional() @Matches(/^[A-Z][A-Z_]{0,47}$/, { message: 'event must be an event name such as APPROVE' })
  event?: string;

  /** Inclusive lower bound, ISO-8601 instant. */
  @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  /** Exclusive upper bound, ISO-8601 instant. */
  @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000)
  page?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(HISTORY_MAX_PAGE_SIZE)
  pageSize?: number;

  /** Oldest first by default, as every history in the desk. */
  @IsOptional() @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}
