import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EvidenceAsOfDto } from '../../evidence/dto/evidence-response.dto';
import { TEXT_STATUSES } from '../../statutes/statute-catalog.schema';
import { CASE_STATES, FINDING_RATINGS } from '../case-machine';

class CaseCriterionDto {
  @ApiProperty() code: string;
  @ApiProperty({ description: 'The family the criterion belongs to (e.g. torture, police accountability)' }) family: string;
  @ApiProperty() title: string;
  @ApiProperty() text: string;
  @ApiProperty({ enum: TEXT_STATUSES }) textStatus: string;
  @ApiProperty() citation: string;
}

class ProposedFindingResponseDto {
  @ApiProperty({ enum: FINDING_RATINGS }) rating: string;
  @ApiProperty() rationale: string;
  @ApiProperty() narrative: string;
}

class ApprovedFindingDto extends ProposedFindingResponseDto {
  @ApiProperty() approvedBy: string;
  @ApiProperty({ format: 'date-time' }) approvedAt: string;
}

/** Which page of an as-of view's evidence is shown, and how many items the case had then. */
class AsOfEvidencePageDto {
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
  @ApiProperty({ type: 'integer', description: 'Evidence items of the case at that instant, retracted ones included' }) total: number;
}

/** A criterion case; `?asOf=` adds `asOf`, `asOfSeq` and the evidence as it stood. */
export class CaseResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() cycleId: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'The tranche the case belongs to' }) tranche: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'The catalog version whose text the case is assessed against' }) statuteVersion: string | null;
  @ApiProperty({ type: CaseCriterionDto }) criterion: CaseCriterionDto;
  @ApiProperty({ enum: CASE_STATES }) state: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: ProposedFindingResponseDto, nullable: true }) proposedFinding: ProposedFindingResponseDto | null;
  @ApiProperty({ type: ApprovedFindingDto, nullable: true }) finding: ApprovedFindingDto | null;
  @ApiProperty({ type: 'string', nullable: true }) submittedBy: string | null;
  @ApiProperty({ type: [String], description: 'Events the signed-in user could send now' }) allowedEvents: string[];
  @ApiProperty({ description: 'Whether this user may add or revise evidence and edit the proposed finding now' }) canEdit: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({ format: 'date-time' }) asOf?: string;
  @ApiPropertyOptional({ type: 'integer' }) asOfSeq?: number;
  @ApiPropertyOptional({ type: [EvidenceAsOfDto], description: 'With `asOf`: one page of the evidence then (see evidencePage)' }) evidence?: EvidenceAsOfDto[];
  @ApiPropertyOptional({ type: AsOfEvidencePageDto }) evidencePage?: AsOfEvidencePageDto;
}
