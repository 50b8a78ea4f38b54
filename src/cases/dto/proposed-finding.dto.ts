import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { NotBlank } from '../../common/not-blank';
import { FINDING_RATINGS } from '../case-machine';
import type { FindingRating } from '../case-machine';

export class ProposedFindingDto {
  @IsIn(FINDING_RATINGS)
  rating: FindingRating;

  @IsString() @NotBlank() @MaxLength(4000)
  rationale: string;

  @IsString() @MaxLength(20000)
  narrative: string;

  @IsOptional() @IsInt() @Min(0)
  expectedVersion?: number;
}
