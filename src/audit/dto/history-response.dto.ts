import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One journal row as the history routes answer it. */
export class HistoryItemDto {
  @ApiProperty({ type: 'integer' }) seq: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() actor: string;
  @ApiProperty() event: string;
  @ApiProperty({ type: 'string', nullable: true }) from: string | null;
  @ApiProperty({ type: 'string', nullable: true }) to: string | null;
  @ApiProperty({ type: 'string', nullable: true }) comment: string | null;
  @ApiProperty() entity: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
}

export class HistoryPageDto {
  @ApiProperty({ type: [HistoryItemDto] }) items: HistoryItemDto[];
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ description: 'false when total is capped rather than counted' }) totalExact: boolean;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
}

export class VerifyResponseDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: 'integer', description: 'Rows whose hash and link were checked and found intact' }) checked: number;
  @ApiProperty({ type: 'integer', nullable: true }) firstBrokenSeq: number | null;
  @ApiPropertyOptional({ type: 'string', nullable: true }) reason?: string | null;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Every broken range, the first 100' }) broken?: object[];
  @ApiPropertyOptional({ type: 'integer' }) brokenTotal?: number;
  @ApiPropertyOptional({ type: 'integer' }) headSeq?: number;
  @ApiPropertyOptional() headHash?: string;
  @ApiPropertyOptional({ description: 'Merkle root (base64) of the verified tree' }) root?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) checkpoint?: object | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) checkpoints?: object;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) tree?: object;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) signedHead?: object;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) unintegrated?: object;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) from?: object;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) reconciliation?: object | null;
}
