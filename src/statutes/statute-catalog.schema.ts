import { Type } from 'class-transformer';
import {
  ArrayMinSize, Equals, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength,
  registerDecorator, ValidateIf, ValidateNested, ValidationOptions,
} from 'class-validator';

// The shape of one file in data/statutes/ (catalog contract v2), checked field by field when the desk starts.

export const TEXT_STATUSES = ['verbatim', 'verbatim_secondary', 'paraphrase', 'by_reference'] as const;
export type TextStatus = (typeof TEXT_STATUSES)[number];
export const TOPICS = ['human_rights', 'governance', 'counternarcotics', 'migration', 'treaty_compliance'] as const;
export const MECHANISMS = ['report', 'certification', 'determination'] as const;
export type Mechanism = (typeof MECHANISMS)[number];

const CODE = /^[A-Z0-9][A-Z0-9-]{1,60}$/;

/** A `YYYY-MM-DD` that names a real day (2015-02-30 is refused). */
function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a calendar date YYYY-MM-DD`, ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const date = new Date(`${value}T00:00:00Z`);
          return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
        },
      },
    });
}

const nullable = (field: string) => ValidateIf((o: Record<string, unknown>) => o[field] !== null);

export class CatalogAct {
  @IsString() @MinLength(3)
  publicLaw: string;

  @nullable('division') @IsString() @MinLength(1) @MaxLength(8)
  division: string | null;

  @IsString() @MinLength(3)
  title: string;

  @nullable('enacted') @IsCalendarDate()
  enacted: string | null;
}

export class CatalogAmendment {
  @IsArray() @ArrayMinSize(1) @IsInt({ each: true }) @Min(1990, { each: true }) @Max(2100, { each: true })
  fiscalYears: number[];

  @IsString() @MinLength(3)
  effect: string;

  @IsIn(TEXT_STATUSES)
  textStatus: TextStatus;

  @IsString() @MinLength(3)
  citation: string;
}

export class CatalogDuty {
  @IsString() @MinLength(3)
  description: string;

  @IsInt() @Min(0) @Max(3650)
  daysAfterEnactment: number;

  @nullable('repeatEveryDays') @IsInt() @Min(1) @Max(3650)
  repeatEveryDays: number | null;

  @IsString() @MinLength(3)
  citation: string;
}

export class CatalogRecipient {
  @Matches(/^[A-Z]{2,3}$/)
  code: string;

  @IsString() @MinLength(3)
  name: string;
}

export class CatalogShare {
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(100)
  percent?: number;

  @IsOptional() @IsInt() @Min(1) @Max(90_000_000_000_000)
  amountCents?: number;
}

export class CatalogWaiver {
  @IsString() @MinLength(3)
  standard: string;

  @IsString() @MinLength(3)
  citation: string;

  @IsString() @MinLength(3)
  justificationReport: string;

  @IsBoolean()
  classifiedAnnex: boolean;
}

export class CatalogOnFailure {
  @IsArray() @IsString({ each: true }) @MinLength(3, { each: true })
  reprogramTo: string[];

  @nullable('notification') @IsString() @MinLength(3)
  notification: string | null;
}

export class CatalogCriterion {
  @Matches(CODE)
  code: string;

  @Matches(CODE)
  family: string;

  @IsString() @MinLength(3) @MaxLength(80)
  title: string;

  @IsString() @MinLength(10)
  text: string;

  @IsIn(TEXT_STATUSES)
  textStatus: TextStatus;

  @IsIn(['statute', 'explanatory_statement'])
  textSource: 'statute' | 'explanatory_statement';

  @IsString() @MinLength(3)
  citation: string;

  @IsOptional() @IsString()
  note?: string;
}

export class CatalogTranche {
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,15}$/)
  code: string;

  @IsString() @MinLength(3)
  title: string;

  @IsString() @MinLength(3)
  citation: string;

  @IsString() @MinLength(3)
  base: string;

  @IsArray() @IsString({ each: true })
  exceptions: string[];

  @ValidateNested() @Type(() => CatalogShare)
  share: CatalogShare;

  @IsIn(MECHANISMS)
  mechanism: Mechanism;

  @IsString() @MinLength(3)
  verb: string;

  @IsString() @MinLength(3)
  addressee: string;

  @nullable('assessmentWindowMonths') @IsInt() @Min(1) @Max(120)
  assessmentWindowMonths: number | null;

  @nullable('waiver') @ValidateNested() @Type(() => CatalogWaiver)
  waiver: CatalogWaiver | null;

  @nullable('onFailure') @ValidateNested() @Type(() => CatalogOnFailure)
  onFailure: CatalogOnFailure | null;

  @IsArray() @IsString({ each: true })
  reportContents: string[];

  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => CatalogCriterion)
  criteria: CatalogCriterion[];
}

export class CatalogStatute {
  @Equals(2)
  schemaVersion: 2;

  @Matches(/^[A-Z0-9][A-Z0-9-]{1,40}$/)
  id: string;

  @ValidateNested() @Type(() => CatalogAct)
  act: CatalogAct;

  @IsString() @MinLength(1)
  section: string;

  @IsString() @MinLength(3)
  citation: string;

  @IsString() @MinLength(3)
  title: string;

  @IsArray() @ArrayMinSize(1) @IsInt({ each: true }) @Min(1990, { each: true }) @Max(2100, { each: true })
  fiscalYears: number[];

  @IsIn(TOPICS)
  topic: (typeof TOPICS)[number];

  @IsString() @MinLength(10)
  heading: string;

  @IsIn(TEXT_STATUSES)
  headingTextStatus: TextStatus;

  @nullable('predecessor') @Matches(/^[A-Z0-9][A-Z0-9-]{1,40}$/)
  predecessor: string | null;

  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => CatalogAmendment)
  amends?: CatalogAmendment[];

  @nullable('fundsAvailableUntil') @IsCalendarDate()
  fundsAvailableUntil: string | null;

  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => CatalogDuty)
  duties?: CatalogDuty[];

  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => CatalogRecipient)
  recipients: CatalogRecipient[];

  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => CatalogTranche)
  tranches: CatalogTranche[];

  @IsString()
  notes: string;

  @IsArray() @IsString({ each: true })
  sources: string[];
}
