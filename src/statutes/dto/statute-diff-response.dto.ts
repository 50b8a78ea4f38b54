import { ApiProperty } from '@nestjs/swagger';
import { WordDiffDto } from '../../common/word-diff.dto';
import { TEXT_STATUSES } from '../statute-catalog.schema';

class StatuteRefDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() citation: string;
  @ApiProperty({ type: 'integer', isArray: true }) fiscalYears: number[];
  @ApiProperty({ example: 'FY2024' }) fiscalYearLabel: string;
}

class PlacedCriterionDto {
  @ApiProperty() code: string;
  @ApiProperty() family: string;
  @ApiProperty() title: string;
  @ApiProperty() text: string;
  @ApiProperty({ enum: TEXT_STATUSES }) textStatus: string;
  @ApiProperty() citation: string;
  @ApiProperty() tranche: string;
}

class FamilyPairDto {
  @ApiProperty() family: string;
  @ApiProperty({ type: PlacedCriterionDto }) from: PlacedCriterionDto;
  @ApiProperty({ type: PlacedCriterionDto }) to: PlacedCriterionDto;
  @ApiProperty({ type: WordDiffDto }) diff: WordDiffDto;
}

export class StatuteDiffResponseDto {
  @ApiProperty({ type: StatuteRefDto }) from: StatuteRefDto;
  @ApiProperty({ type: StatuteRefDto }) to: StatuteRefDto;
  @ApiProperty({ type: [FamilyPairDto], description: 'Families present on both sides, in the later provision\'s statutory order' }) pairs: FamilyPairDto[];
  @ApiProperty({ type: [PlacedCriterionDto], description: 'In `to` only (new requirements)' }) added: PlacedCriterionDto[];
  @ApiProperty({ type: [PlacedCriterionDto], description: 'In `from` only (dropped requirements)' }) removed: PlacedCriterionDto[];
}
