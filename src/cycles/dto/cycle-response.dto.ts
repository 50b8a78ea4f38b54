import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { CASE_STATES, FINDING_RATINGS } from '../../cases/case-machine';
import { TRANCHE_STATES } from '../tranche-machine';

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
  @ApiPropertyOptional({ type: 'string', nullable: true }) tranche?: string | null;
  @ApiProperty({ enum: CASE_STATES }) state: string;
  // The as-of view adds each case's record as it stood.
  @ApiPropertyOptional({ type: 'integer' }) version?: number;
  @ApiPropertyOptional({ type: CycleFindingDto, nullable: true }) proposedFinding?: CycleFindingDto | null;
  @ApiPropertyOptional({ type: CycleFindingDto, nullable: true }) finding?: CycleFindingDto | null;
  @ApiPropertyOptional({ type: 'string', nullable: true }) submittedBy?: string | null;
}

class RecipientDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

class TrancheShareDto {
  @ApiPropertyOptional({ type: 'number' }) percent?: number;
  @ApiPropertyOptional({ type: 'integer' }) amountCents?: number;
}

export class CycleTrancheDto {
  @ApiProperty() code: string;
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional({ type: TrancheShareDto }) share?: TrancheShareDto;
  @ApiProperty({ type: 'integer', nullable: true, description: 'US cents' }) baseCents: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'US cents' }) withheldCents: number | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'As of an instant: the share in basis points' }) basisPoints?: number | null;
  @ApiPropertyOptional() mechanism?: string;
  @ApiPropertyOptional() waiverAvailable?: boolean;
  @ApiPropertyOptional({ type: [String] }) reprogramTo?: string[];
  @ApiProperty({ enum: TRANCHE_STATES, nullable: true }) state: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) decision: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: [String] }) allowedEvents?: string[];
}

/** A cycle as GET /api/cycles/:id answers it; `?asOf=` adds `asOf` and `asOfSeq`. */
@ApiExtraModels(RecipientDto)
export class CycleResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() statuteId: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'The catalog version the cycle is pinned to (null as of an instant before catalog v2)' }) statuteVersion: string | null;
  @ApiPropertyOptional({ description: 'A newer catalog version of the statute exists' }) newerStatuteVersion?: boolean;
  @ApiProperty({ type: 'integer' }) fiscalYear: number;
  @ApiProperty({ oneOf: [{ $ref: getSchemaPath(RecipientDto) }, { type: 'string', nullable: true, description: 'As of an instant: the recipient code, null before catalog v2' }] }) recipient: RecipientDto | string | null;
  @ApiProperty({ enum: [...TRANCHE_STATES, 'mixed'], description: "The tranche's state, or the tranches' common one, or mixed" }) state: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'US cents' }) appropriatedCents: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'Percent withheld, e.g. 15' }) withheldPercent: number | null;
  @ApiProperty({ type: 'integer', description: 'US cents' }) withheldCents: number;
  @ApiProperty({ format: 'date' }) obligationDeadline: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The decision taken, once taken' }) decision: Record<string, unknown> | null;
  @ApiProperty({ type: [String], description: 'Events the signed-in user could send now' }) allowedEvents: string[];
  @ApiPropertyOptional({ type: [String], description: 'Cycle-wide events this user could send now (REPIN_STATUTE)' }) cycleEvents?: string[];
  @ApiProperty({ type: [CycleTrancheDto] }) tranches: CycleTrancheDto[];
  @ApiProperty({ type: [CycleCaseDto] }) cases: CycleCaseDto[];
  @ApiPropertyOptional({ type: [String], description: "On create: e.g. a fiscal year outside the provision's own list" }) warnings?: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({ format: 'date-time' }) asOf?: string;
  @ApiPropertyOptional({ type: 'integer' }) asOfSeq?: number;
}
