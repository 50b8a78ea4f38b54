import { IsIn, IsOptional } from 'class-validator';
import { HistoryQueryDto } from './history-query.dto';

/** The history's filters apply to the export too; without any, the whole journal is exported. */
export class ExportQueryDto extends HistoryQueryDto {
  /** `json` (default; re-verifiable) or `csv` (for spreadsheets, formula cells defused). */
  @IsOptional() @IsIn(['csv', 'json'])
  format?: 'csv' | 'json';
}
