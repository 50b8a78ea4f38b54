import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { EVIDENCE_KINDS, RELIABILITY_GRADES, STANCES } from '../evidence-revision.entity';

/** One evidence item at one revision, as the evidence routes answer it. */
export class EvidenceResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() caseId: string;
  @ApiProperty({ type: 'integer' }) revision: number;
  @ApiProperty() retracted: boolean;
  @ApiProperty({ type: 'string', nullable: true }) retractedReason: string | null;
  @ApiProperty({ type: 'string', nullable: true }) retractedBy: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) retractedAt: string | null;
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() revisedBy: string;
  @ApiProperty({ format: 'date-time' }) revisedAt: string;
  @ApiProperty({ description: 'SHA-256 of the revision content, hex' }) contentHash: string;
  @ApiProperty({ enum: EVIDENCE_KINDS }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty() source: string;
  @ApiProperty({ format: 'date' }) sourceDate: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  @ApiProperty({ type: 'string', nullable: true }) url: string | null;
  @ApiProperty() summary: string;
  @ApiProperty({ enum: STANCES }) stance: string;
  @ApiProperty({ enum: RELIABILITY_GRADES }) reliability: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 6 }) credibility: number;
  @ApiPropertyOptional({ type: 'string', nullable: true }) sensitivity?: string | null;
}

class EvidenceRevisionSummaryDto {
  @ApiProperty({ type: 'integer' }) revision: number;
  @ApiProperty() contentHash: string;
  @ApiProperty() revisedBy: string;
  @ApiProperty({ format: 'date-time' }) revisedAt: string;
}

/** Evidence as a case stood at an instant (GET /api/cases/:id?asOf=). */
export class EvidenceAsOfDto extends OmitType(EvidenceResponseDto, ['caseId'] as const) {
  @ApiProperty({ type: [EvidenceRevisionSummaryDto] }) revisions: EvidenceRevisionSummaryDto[];
}
