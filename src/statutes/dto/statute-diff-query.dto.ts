import { Matches } from 'class-validator';

export class StatuteDiffQueryDto {
  /** The provision to compare against, usually the earlier year's (e.g. PL116-94-CO-FY2020). */
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,40}$/, { message: 'against must be a catalog id, e.g. PL116-94-CO-FY2020' })
  against: string;
}
