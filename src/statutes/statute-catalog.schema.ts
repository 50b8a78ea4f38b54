import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';

// The shape of one file in data/statutes/, checked field by field when the desk starts.

export class CatalogCriterion {
  @ApiProperty()
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,60}$/)
  code: string;

  @ApiProperty()
  @IsString() @MinLength(3) @MaxLength(80)
  title: string;

  @ApiProperty()
  @IsString() @MinLength(10)
  text: string;

  @ApiProperty({ enum: ['verbatim', 'paraphrase'] })
  @IsIn(['verbatim', 'paraphrase'])
  textStatus: 'verbatim' | 'paraphrase';

  @ApiProperty()
  @IsString() @MinLength(3)
  citation: string;

  @ApiPropertyOptional()
  @IsOptional() @IsString()
  note?: string;
}

export class CatalogStatute {
  @ApiProperty()
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,40}$/)
  id: string;

  @ApiProperty()
  @IsString() @MinLength(3)
  title: string;

  @ApiProperty()
  @IsString() @MinLength(3)
  act: string;

  @ApiProperty()
  @IsString() @MinLength(3)
  section: string;

  @ApiProperty()
  @IsString() @MinLength(3)
  citation: string;

  @ApiProperty()
  @IsString() @MinLength(2)
  country: string;

  @ApiProperty()
  @IsString() @MinLength(2)
  account: string;

  @ApiProperty({ type: 'number', description: 'Percent withheld, e.g. 15' })
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(100)
  withheldPercent: number;

  @ApiProperty({ enum: ['report', 'certification'] })
  @IsIn(['report', 'certification'])
  mechanism: 'report' | 'certification';

  @ApiProperty()
  @IsBoolean()
  nationalSecurityWaiver: boolean;

  @ApiProperty({ type: 'integer', isArray: true })
  @IsArray() @ArrayMinSize(1) @IsInt({ each: true }) @Min(1990, { each: true }) @Max(2100, { each: true })
  fiscalYears: number[];

  @ApiProperty()
  @IsString() @MinLength(10)
  heading: string;

  @ApiProperty({ enum: ['verbatim', 'paraphrase'] })
  @IsIn(['verbatim', 'paraphrase'])
  headingTextStatus: 'verbatim' | 'paraphrase';

  @ApiProperty()
  @IsString()
  notes: string;

  @ApiProperty({ type: [String] })
  @IsArray() @IsString({ each: true })
  sources: string[];

  @ApiProperty({ type: () => [CatalogCriterion], description: 'In statutory order' })
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => CatalogCriterion)
  criteria: CatalogCriterion[];
}
