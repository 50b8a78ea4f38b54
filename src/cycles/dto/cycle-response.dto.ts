import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_STATES, FINDING_RATINGS } from '../../cases/case-machine';
import { CYCLE_STATES } from '../cycle-machine';

class CycleFindingDto {
  @ApiProperty({ enum: FINDING_RATINGS }) rating: string;
  @ApiProperty() rationale: string;
  @ApiProperty() narrative: string;
  @ApiPropertyOptional() approvedBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) approvedAt?: string;
}

export class CycleCaseDto {
  @ApiProperty() id: string;
  @ApiProperty() criterionCode: string;
  @ApiProperty({ enum: CASE_STATES }) state: string;
  // The as-of view adds each case's record as it stood.
  @ApiPropertyOptional({ type: 'integer' }) version?: number;
  @ApiPropertyOptional({ type: CycleFindingDto, nullable: true }) proposedFinding?: CycleFindingDto | null;
  @ApiPropertyOptional({ type: CycleFindingDto, nullable: true }) finding?: CycleFindingDto | null;
  @ApiPropertyOptional({ type: 'string', nullable: true }) submittedBy?: string | null;
}

/** A cycle as GET /api/cycles/:id answers it; `?asOf=` adds `asOf` and `asOfSeq`. */
export class CycleResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() statuteId: string;
  @ApiProperty({ type: 'integer' }) fiscalYear: number;
  @ApiProperty({ enum: CYCLE_STATES }) state: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: 'integer', description: 'US cents' }) appropriatedCents: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'Percent withheld, e.g. 15' }) withheldPercent: number | null;
  @ApiProperty({ type: 'integer', description: 'US cents' }) withheldCents: number;
  @ApiProperty({ format: 'date' }) obligationDeadline: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The decision taken, once taken' }) decision: Record<string, unknown> | null;
  @ApiProperty({ type: [String], description: 'Events the signed-in user could send now' }) allowedEvents: string[];
  @ApiProperty({ type: [CycleCaseDto] }) cases: CycleCaseDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({ format: 'date-time' }) asOf?: string;
  @ApiPropertyOptional({ type: 'integer' }) asOfSeq?: number;
}
