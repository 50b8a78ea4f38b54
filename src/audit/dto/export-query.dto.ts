import { IsIn, IsOptional } from 'class-validator';

export class ExportQueryDto {
  /** `json` (default; re-verifiable) or `csv` (for spreadsheets, formula cells defused). */
  @IsOptional() @IsIn(['csv', 'json'])
  format?: 'csv' | 'json';
}
