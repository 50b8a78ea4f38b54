import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs';
import { ReconcileResponseDto } from './dto/reconcile-response.dto';
import { Roles } from '../auth/auth.decorators';
import { ReconciliationService } from './reconciliation.service';

@ApiTags('audit')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('api')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  /** The live tables compared with the state the journal proves: `{ ok, journalSeq, checked, mismatches, total }`. */
  @Roles('auditor')
  @ApiOkResponse({ type: ReconcileResponseDto })
  @ApiOperation({ summary: 'Compare the live tables with the state the journal proves' })
  @Get('audit/reconcile')
  reconcile() {
    return this.reconciliation.reconcile();
  }
}
