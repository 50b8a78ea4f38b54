import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

export class TrancheBaseDto {
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,15}$/, { message: 'tranche code must be a catalog tranche code' })
  code: string;

  /** Integer cents the tranche's percent applies to; up to $900 billion. */
  @IsInt() @Min(1) @Max(90_000_000_000_000)
  baseCents: number;
}
import { CALENDAR_DATE } from '../../common/calendar-date';

export class CreateCycleDto {
  /** e.g. MX-FY2014 */
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,63}$/, { message: 'id must be 2-64 capital letters, digits or dashes, e.g. MX-FY2014' })
  id: string;

  @IsString() @Matches(/^[A-Z0-9][A-Z0-9-]{1,40}$/, { message: 'statuteId must be a catalog id' })
  statuteId: string;

  @IsInt() @Min(1990) @Max(2100)
  fiscalYear: number;

  /** Recipient code from the statute (e.g. HN); required when the statute names several. */
  @IsOptional() @Matches(/^[A-Z]{2,3}$/, { message: 'recipient must be a recipient code of the statute, e.g. HN' })
  recipient?: string;

  /** The base of a single-tranche statute, integer cents; up to $900 billion. */
  @IsOptional() @IsInt() @Min(1) @Max(90_000_000_000_000)
  appropriatedCents?: number;

  /** The base of each percent tranche. */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => TrancheBaseDto)
  tranches?: TrancheBaseDto[];

  /** End of the funds' availability, YYYY-MM-DD. */
  @Matches(CALENDAR_DATE, { message: 'obligationDeadline must be a date YYYY-MM-DD' })
  obligationDeadline: string;
}
