import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { CALENDAR_DATE } from '../../common/calendar-date';

export class CreateCycleDto {
  /** e.g. MX-FY2014 */
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,63}$/, { message: 'id must be 2-64 capital letters, digits or dashes, e.g. MX-FY2014' })
  id: string;

  @IsString() @Matches(/^[A-Z0-9][A-Z0-9-]{1,40}$/, { message: 'statuteId must be a catalog id' })
  statuteId: string;

  @IsInt() @Min(1990) @Max(2100)
  fiscalYear: number;

  /** Integer cents; up to $900 billion. */
  @IsInt() @Min(1) @Max(90_000_000_000_000)
  appropriatedCents: number;

  /** End of the funds' availability, YYYY-MM-DD. */
  @Matches(CALENDAR_DATE, { message: 'obligationDeadline must be a date YYYY-MM-DD' })
  obligationDeadline: string;
}
