import { ApiProperty } from '@nestjs/swagger';
import { CASE_STATES, FINDING_RATINGS } from '../../cases/case-machine';
import { WordDiffDto } from '../../common/word-diff.dto';

class AssessmentWindowDto {
  @ApiProperty({ format: 'date' }) start: string;
  @ApiProperty({ format: 'date' }) end: string;
}

class SourceCaseDto {
  @ApiProperty() caseId: string;
}

class OfferedEvidenceDto {
  @ApiProperty() evidenceId: string;
  @ApiProperty({ type: 'integer' }) revision: number;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  @ApiProperty({ enum: ['copy', 'outside_window', 'retracted'] }) verdict: string;
}

class OfferedFindingDto {
  @ApiProperty({ enum: FINDING_RATINGS }) rating: string;
  @ApiProperty() rationale: string;
  @ApiProperty() narrative: string;
}

class CaseOfferDto {
  @ApiProperty() caseId: string;
  @ApiProperty() family: string;
  @ApiProperty({ type: AssessmentWindowDto }) window: AssessmentWindowDto;
  @ApiProperty({ type: SourceCaseDto, nullable: true, description: 'The earlier case of the family; null when there is none' }) source: SourceCaseDto | null;
  @ApiProperty({ type: 'boolean', nullable: true }) textUnchanged: boolean | null;
  @ApiProperty({ type: WordDiffDto, nullable: true, description: 'Earlier wording against the new one; null when there is no earlier case' }) diff: WordDiffDto | null;
  @ApiProperty({ type: [OfferedEvidenceDto] }) evidence: OfferedEvidenceDto[];
  @ApiProperty({ type: OfferedFindingDto, nullable: true, description: 'Last year\'s approved finding, offered as this year\'s draft' }) finding: OfferedFindingDto | null;
  @ApiProperty() criterionCode: string;
  @ApiProperty() title: string;
  @ApiProperty() tranche: string;
  @ApiProperty({ enum: CASE_STATES }) state: string;
  @ApiProperty({ description: 'Already carried forward into this case' }) carried: boolean;
  @ApiProperty({ description: 'The case gathers evidence, so copies can be added now' }) open: boolean;
}

class RecipientDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

class SourceCycleDto {
  @ApiProperty() cycleId: string;
  @ApiProperty({ type: 'integer' }) fiscalYear: number;
}

class CopiedCountsDto {
  @ApiProperty({ type: 'integer' }) evidence: number;
  @ApiProperty({ type: 'integer' }) findings: number;
}

export class CarryForwardOfferDto {
  @ApiProperty() cycleId: string;
  @ApiProperty({ type: 'integer' }) fiscalYear: number;
  @ApiProperty({ type: RecipientDto }) recipient: RecipientDto;
  @ApiProperty({ type: SourceCycleDto, nullable: true, description: 'The recipient\'s previous cycle of the same provisions; null when none' }) source: SourceCycleDto | null;
  @ApiProperty({ type: [CaseOfferDto] }) cases: CaseOfferDto[];
}

export class CarryForwardResultDto extends CarryForwardOfferDto {
  @ApiProperty({ type: CopiedCountsDto }) copied: CopiedCountsDto;
}
