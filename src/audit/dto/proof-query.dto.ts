import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

const MAX_SEQ = Number.MAX_SAFE_INTEGER;

/** `GET /api/audit/proof/inclusion?seq=N&size=M`: row N (1-based) in the tree of M rows (default: all). */
export class InclusionQueryDto {
  @Type(() => Number) @IsInt() @Min(1) @Max(MAX_SEQ)
  seq!: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_SEQ)
  size?: number;
}

/** `GET /api/audit/proof/consistency?from=A&to=B`: tree of A rows to tree of B rows (default: all). */
export class ConsistencyQueryDto {
  @Type(() => Number) @IsInt() @Min(0) @Max(MAX_SEQ)
  from!: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_SEQ)
  to?: number;
}

/** `GET /api/audit/verify?from=checkpoint`: start from the last checkpoint that verified. */
export class VerifyQueryDto {
  @IsOptional() @IsIn(['checkpoint'])
  from?: 'checkpoint';
}
