import { Type } from 'class-transformer';
import {
  ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';

// The shape of one file in data/statutes/, checked field by field when the desk starts.

export class CatalogCriterion {
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,60}$/)
  code: string;

  @IsString() @MinLength(3) @MaxLength(80)
  title: string;

  @IsString() @MinLength(10)
  text: string;

  @IsIn(['verbatim', 'paraphrase'])
  textStatus: 'verbatim' | 'paraphrase';

  @IsString() @MinLength(3)
  citation: string;

  @IsOptional() @IsString()
  note?: string;
}

export class CatalogStatute {
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,40}$/)
  id: string;

  @IsString() @MinLength(3)
  title: string;

  @IsString() @MinLength(3)
  act: string;

  @IsString() @MinLength(3)
  section: string;

  @IsString() @MinLength(3)
  citation: string;

  @IsString() @MinLength(2)
  country: string;

  @IsString() @MinLength(2)
  account: string;

  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(100)
  withheldPercent: number;

  @IsIn(['report', 'certification'])
  mechanism: 'report' | 'certification';

  @IsBoolean()
  nationalSecurityWaiver: boolean;

  @IsArray() @ArrayMinSize(1) @IsInt({ each: true }) @Min(1990, { each: true }) @Max(2100, { each: true })
  fiscalYears: number[];

  @IsString() @MinLength(10)
  heading: string;

  @IsIn(['verbatim', 'paraphrase'])
  headingTextStatus: 'verbatim' | 'paraphrase';

  @IsString()
  notes: string;

  @IsArray() @IsString({ each: true })
  sources: string[];

  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => CatalogCriterion)
  criteria: CatalogCriterion[];
}
