import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min } from 'class-validator';
import { CALENDAR_DATE } from '../../common/calendar-date';
import { NotBlank } from '../../common/not-blank';
import { EVIDENCE_KINDS, RELIABILITY_GRADES, STANCES } from '../evidence-revision.entity';
import type { EvidenceKind, ReliabilityGrade, Stance } from '../evidence-revision.entity';

const DATE = CALENDAR_DATE;
const dateMessage = (field: string) => ({ message: `${field} must be a date YYYY-MM-DD` });

export class EvidenceDto {
  @IsIn(EVIDENCE_KINDS)
  kind: EvidenceKind;

  @IsString() @NotBlank() @MaxLength(300)
  title: string;

  /** The organisation the item comes from. */
  @IsString() @NotBlank() @MaxLength(200)
  source: string;

  @Matches(DATE, dateMessage('sourceDate'))
  sourceDate: string;

  @Matches(DATE, dateMessage('periodStart'))
  periodStart: string;

  @Matches(DATE, dateMessage('periodEnd'))
  periodEnd: string;

  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) @MaxLength(2048)
  url?: string;

  @IsString() @NotBlank() @MaxLength(10000)
  summary: string;

  @IsIn(STANCES)
  stance: Stance;

  /** Admiralty grading: source reliability A (reliable) to F (cannot be judged). */
  @IsIn(RELIABILITY_GRADES)
  reliability: ReliabilityGrade;

  /** Admiralty grading: information credibility 1 (confirmed) to 6 (cannot be judged). */
  @IsInt() @Min(1) @Max(6)
  credibility: number;

  @IsOptional() @IsString() @NotBlank() @MaxLength(64)
  sensitivity?: string;
}

export class RetractEvidenceDto {
  @IsString() @NotBlank() @MaxLength(4000)
  reason: string;
}

export interface EvidenceView {
  id: string;
  caseId: string;
  revision: number;
  retracted: boolean;
  retractedReason: string | null;
  retractedBy: string | null;
  retractedAt: string | null;
  createdBy: string;
  createdAt: string;
  revisedBy: string;
  revisedAt: string;
  contentHash: string;
  kind: EvidenceKind;
  title: string;
  source: string;
  sourceDate: string;
  periodStart: string;
  periodEnd: string;
  url: string | null;
  summary: string;
  stance: Stance;
  reliability: ReliabilityGrade;
  credibility: number;
  sensitivity: string | null;
}

export const EVIDENCE_DEFAULT_PAGE_SIZE = 50;
export const EVIDENCE_MAX_PAGE_SIZE = 200;

/** `GET /api/cases/:id/evidence` paging and filters; without any of them the whole list is answered as an array. */
export class EvidenceListQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000)
  page?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(EVIDENCE_MAX_PAGE_SIZE)
  pageSize?: number;

  @IsOptional() @IsIn(STANCES)
  stance?: Stance;

  /** The source's reliability grade, A-F. */
  @IsOptional() @IsIn(RELIABILITY_GRADES)
  reliability?: ReliabilityGrade;
}

export interface EvidenceCounts {
  /** Every item of the case, retracted ones included, whatever the filter. */
  all: number;
  retracted: number;
  stance: Record<Stance, number>;
  reliability: Record<ReliabilityGrade, number>;
}

export interface EvidencePage {
  items: EvidenceView[];
  /** Items matching the filter. */
  total: number;
  page: number;
  pageSize: number;
  counts: EvidenceCounts;
}
