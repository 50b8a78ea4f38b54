import { ApiProperty } from '@nestjs/swagger';

const TABLES = ['cases', 'cycles', 'tranches', 'evidence', 'evidence_revisions', 'users', 'documents', 'journal_snapshots'];

// A compared field holds any JSON value (text, number, flag, record); null when absent on that side.
// (OpenAPI 3.0 has no null type: the text branch carries the null.)
const ANY_VALUE = {
  oneOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }, { type: 'object', additionalProperties: true }, { type: 'array', items: {} }],
};

export class ReconcileCheckedDto {
  @ApiProperty({ type: 'integer' }) cases: number;
  @ApiProperty({ type: 'integer' }) cycles: number;
  @ApiProperty({ type: 'integer' }) tranches: number;
  @ApiProperty({ type: 'integer' }) evidence: number;
  @ApiProperty({ type: 'integer' }) evidence_revisions: number;
  @ApiProperty({ type: 'integer' }) users: number;
  @ApiProperty({ type: 'integer' }) documents: number;
  @ApiProperty({ type: 'integer' }) journal_snapshots: number;
}

export class ReconcileMismatchDto {
  @ApiProperty({ enum: TABLES, enumName: 'ReconciledTable' })
  table: string;

  @ApiProperty()
  id: string;

  @ApiProperty()
  field: string;

  @ApiProperty({ ...ANY_VALUE, description: 'What the journal proves; null when the journal has no such record' })
  journal: unknown;

  @ApiProperty({ ...ANY_VALUE, description: 'What the live table holds; null when the table has no such row' })
  live: unknown;
}

export class ReconcileResponseDto {
  @ApiProperty()
  ok: boolean;

  @ApiProperty({ type: 'integer', description: 'The journal head the live tables were compared with' })
  journalSeq: number;

  @ApiProperty({ type: ReconcileCheckedDto, description: 'Live rows compared, per table' })
  checked: ReconcileCheckedDto;

  @ApiProperty({ type: [ReconcileMismatchDto], description: 'Every mismatch up to the cap, in table order' })
  mismatches: ReconcileMismatchDto[];

  @ApiProperty({ type: 'integer', description: 'All mismatches found, also those past the cap' })
  total: number;
}
