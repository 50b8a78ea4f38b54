import { IsISO8601, IsOptional } from 'class-validator';

export class AsOfQueryDto {
  /** An ISO-8601 instant: the record as it stood then, rebuilt from the journal. */
  @IsOptional() @IsISO8601({ strict: true })
  asOf?: string;
}
