import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ReconciliationService } from './reconciliation.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  /** The live tables compared with the state the journal proves: `{ ok, journalSeq, checked, mismatches, total }`. */
  @Roles('auditor')
  @Get('audit/reconcile')
  reconcile() {
    return this.reconciliation.reconcile();
  }
}
