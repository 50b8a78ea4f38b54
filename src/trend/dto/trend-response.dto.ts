import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { FINDING_RATINGS } from '../../cases/case-machine';

const OUTCOMES = ['released', 'withheld', 'reprogrammed', 'waived'];

export class TrendCellDto {
  @ApiProperty() cycleId: string;
  @ApiProperty() caseId: string;
  @ApiProperty({ type: 'string', nullable: true }) tranche: string | null;
  @ApiProperty({ type: 'string', nullable: true, enum: [...FINDING_RATINGS, null], description: 'The approved finding; null when none yet' }) finding: string | null;
  @ApiProperty({ type: 'string', nullable: true, enum: [...OUTCOMES, null], description: 'The tranche\'s decision; null while undecided' }) outcome: string | null;
}

class TrendRowDto {
  @ApiProperty() family: string;
  @ApiProperty() title: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', nullable: true, allOf: [{ $ref: getSchemaPath(TrendCellDto) }] },
    description: 'One cell per year of `years`; null where the family had no case that year',
  })
  cells: Array<TrendCellDto | null>;
}

class TrendYearDto {
  @ApiProperty({ type: 'integer' }) fiscalYear: number;
  @ApiProperty() cycleId: string;
  @ApiProperty({ type: 'integer' }) withheldCents: number;
  @ApiProperty({ type: 'integer' }) releasedCents: number;
  @ApiProperty({ type: 'integer' }) reprogrammedCents: number;
  @ApiProperty({ type: 'integer', description: 'Under the condition and not yet released, waived or reprogrammed' }) stillWithheldCents: number;
}

class TrendGridDto {
  @ApiProperty({ type: [TrendYearDto] }) years: TrendYearDto[];
  @ApiProperty({ type: [TrendRowDto], description: 'Families in order of first appearance' }) rows: TrendRowDto[];
}

class TrendStatuteDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
}

class TrendRecipientDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class TrendResponseDto {
  @ApiProperty({ type: TrendStatuteDto }) statute: TrendStatuteDto;
  @ApiProperty({ type: TrendRecipientDto }) recipient: TrendRecipientDto;
  @ApiProperty({ type: [String], description: 'The provisions of the line, oldest first' }) lineage: string[];
  @ApiProperty({ type: TrendGridDto }) grid: TrendGridDto;
}
