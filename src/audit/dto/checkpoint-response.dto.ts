import { ApiProperty } from '@nestjs/swagger';

export class PublicKeyDto {
  @ApiProperty({ description: 'The checkpoint signer\'s key in the signed-note verifier key format' })
  key: string;
}

export class SignedCheckpointDto {
  @ApiProperty({ description: 'The log origin line of the checkpoint' })
  origin: string;

  @ApiProperty({ type: 'integer', description: 'Tree size: journal rows covered' })
  size: number;

  @ApiProperty({ description: 'Base64 RFC 9162 root hash' })
  root: string;

  @ApiProperty({ description: 'The signed note: checkpoint body, blank line, signature line' })
  note: string;
}

export class InclusionProofDto {
  @ApiProperty({ type: 'integer' })
  seq: number;

  @ApiProperty({ type: 'integer' })
  treeSize: number;

  @ApiProperty({ type: 'integer', description: 'seq - 1' })
  leafIndex: number;

  @ApiProperty({ description: 'The row\'s chain hash, hex' })
  rowHash: string;

  @ApiProperty({ description: 'RFC 9162 leaf hash, base64' })
  leafHash: string;

  @ApiProperty({ description: 'Root of the tree of treeSize rows, base64' })
  root: string;

  @ApiProperty({ type: [String], description: 'Audit path, base64 hashes' })
  proof: string[];
}

export class ConsistencyProofDto {
  @ApiProperty({ type: 'integer' })
  from: number;

  @ApiProperty({ type: 'integer' })
  to: number;

  @ApiProperty({ description: 'Root of the tree of `from` rows, base64' })
  fromRoot: string;

  @ApiProperty({ description: 'Root of the tree of `to` rows, base64' })
  toRoot: string;

  @ApiProperty({ type: [String], description: 'Consistency proof, base64 hashes' })
  proof: string[];
}
