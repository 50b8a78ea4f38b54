import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { FINDING_RATINGS } from '../case-machine';
import type { FindingRating } from '../case-machine';

export class ProposedFindingDto {
  @IsIn(FINDING_RATINGS)
  rating: FindingRating;

  @IsString() @MinLength(1) @MaxLength(4000)
  rationale: string;

  @IsString() @MaxLength(20000)
  narrative: string;

  @IsOptional() @IsInt() @Min(0)
  expectedVersion?: number;
}
