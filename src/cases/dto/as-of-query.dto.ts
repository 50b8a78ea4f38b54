import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, Max, Min } from 'class-validator';
import { EVIDENCE_MAX_PAGE_SIZE } from '../../evidence/dto/evidence.dto';

export class AsOfQueryDto {
  /** An ISO-8601 instant: the record as it stood then, rebuilt from the journal. */
  @IsOptional() @IsISO8601({ strict: true })
  asOf?: string;

  /** With `asOf`: which page of the case's evidence then (in the order it was first journalled); 1 when omitted. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000)
  evidencePage?: number;

  /** With `asOf`: items per evidence page, at most 200; 50 when omitted. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(EVIDENCE_MAX_PAGE_SIZE)
  evidencePageSize?: number;
}
