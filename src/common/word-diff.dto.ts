import { ApiProperty } from '@nestjs/swagger';

// The OpenAPI shape of WordDiff (word-diff.ts), shared by the statute diff and carry-forward.

export class WordRunDto {
  @ApiProperty({ enum: ['equal', 'inserted', 'deleted'] }) kind: string;
  @ApiProperty() text: string;
}

export class WordDiffDto {
  @ApiProperty() changed: boolean;
  @ApiProperty({ type: [WordRunDto], description: 'In reading order; equal runs keep the spacing between words' }) runs: WordRunDto[];
  @ApiProperty({ type: [String], description: 'Each inserted stretch of words, trimmed, in reading order' }) inserted: string[];
  @ApiProperty({ type: [String], description: 'Each deleted stretch of words, trimmed, in reading order' }) deleted: string[];
  @ApiProperty({ description: 'A plain-text alternative for readers that cannot see <ins>/<del>' }) summary: string;
}
