import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs';
import { HistoryPageDto, VerifyResponseDto } from './dto/history-response.dto';
import { Roles } from '../auth/auth.decorators';
import { AuditService } from './audit.service';
import { ExportQueryDto } from './dto/export-query.dto';
import { HistoryQueryDto } from './dto/history-query.dto';
import { HistoryService } from './history.service';
import { CheckpointService } from './checkpoint/checkpoint.service';
import { ConsistencyQueryDto, InclusionQueryDto, VerifyQueryDto } from './dto/proof-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('api')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly history: HistoryService,
    private readonly checkpoints: CheckpointService,
  ) {}

  /**
   * Recomputes the whole hash chain and Merkle tree and checks them against every checkpoint
   * in CHECKPOINT_DIR: `{ ok, checked, headSeq, headHash, root, checkpoint, broken, ... }`.
   */
  @Roles('auditor')
  @ApiOkResponse({ type: VerifyResponseDto })
  @ApiOperation({ summary: 'Verify the journal\'s hash chain' })
  @Get('audit/verify')
  verify(@Query() query: VerifyQueryDto) {
    return this.audit.verify({ fromCheckpoint: query.from === 'checkpoint' });
  }

  /** The same verification streamed as NDJSON: progress lines after each batch, then the result. */
  @Roles('auditor')
  @Get('audit/verify/stream')
  verifyStream(@Query() query: VerifyQueryDto) {
    const file = this.audit.verifyStream({ fromCheckpoint: query.from === 'checkpoint' });
    return new StreamableFile(file.stream, { type: file.contentType });
  }

  /** The checkpoint signer's public key, in the signed-note verifier key format. */
  @Roles('auditor', 'manager')
  @Get('audit/public-key')
  publicKey() {
    return { key: this.checkpoints.publicKey() };
  }

  /** The latest checkpoint: C2SP tlog-checkpoint body signed as a C2SP signed note. */
  @Roles('auditor', 'manager')
  @Get('audit/checkpoint')
  checkpoint() {
    return this.checkpoints.latest();
  }

  /** RFC 9162 inclusion proof of a row; hashes in base64. */
  @Roles('auditor', 'manager')
  @Get('audit/proof/inclusion')
  inclusion(@Query() query: InclusionQueryDto) {
    return this.checkpoints.inclusion(query.seq, query.size);
  }

  /** RFC 9162 consistency proof between two tree sizes; hashes in base64. */
  @Roles('auditor', 'manager')
  @Get('audit/proof/consistency')
  consistency(@Query() query: ConsistencyQueryDto) {
    return this.checkpoints.consistency(query.from, query.to);
  }

  /** The journal (or the rows the history filters select), streamed: JSON (re-verifiable) or CSV. */
  @Roles('auditor')
  @ApiOkResponse({ description: 'The journal as a file', content: { 'application/json': { schema: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Journal rows, oldest first, with their hashes' } }, 'text/csv': { schema: { type: 'string' } } } })
  @ApiOperation({ summary: 'Export the whole journal (JSON or CSV)' })
  @Get('audit/export')
  async export(@Query() query: ExportQueryDto) {
    const file = await this.audit.exportFor(query);
    return new StreamableFile(file.stream, { type: file.contentType, disposition: `attachment; filename="${file.filename}"` });
  }

  @Roles('auditor', 'manager')
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiOperation({ summary: 'The whole history, filtered and paged' })
  @Get('history')
  search(@Query() query: HistoryQueryDto) {
    return this.history.search(query);
  }
}
