import { ArrayMaxSize, IsArray, IsOptional, Matches } from 'class-validator';
import { CALENDAR_DATE as DATE } from '../../common/calendar-date';

export class CarryForwardDto {
  /** The cases of the new cycle to carry forward; all offered cases when absent. */
  @IsOptional() @IsArray() @ArrayMaxSize(200) @Matches(/^[A-Z0-9][A-Z0-9.-]{1,159}$/, { each: true, message: 'cases must be case ids of the cycle' })
  cases?: string[];

  /** Overrides the assessment window (both ends, YYYY-MM-DD) for every case. */
  @IsOptional() @Matches(DATE, { message: 'windowStart must be a date YYYY-MM-DD' })
  windowStart?: string;

  @IsOptional() @Matches(DATE, { message: 'windowEnd must be a date YYYY-MM-DD' })
  windowEnd?: string;
}

export class CarryForwardQueryDto {
  @IsOptional() @Matches(DATE, { message: 'windowStart must be a date YYYY-MM-DD' })
  windowStart?: string;

  @IsOptional() @Matches(DATE, { message: 'windowEnd must be a date YYYY-MM-DD' })
  windowEnd?: string;
}
