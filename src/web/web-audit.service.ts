import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ExportQueryDto } from '../audit/dto/export-query.dto';
import { HistoryQueryDto } from '../audit/dto/history-query.dto';
import { HistoryService } from '../audit/history.service';
import type { AuthUser } from '../auth/auth.types';
import { AUDIT_FILTERS, auditPageView } from './audit.view';
import { formToDto } from './web-forms';
import { WebPage } from './web-page';
import type { WebRequest } from './web-session';

const PAGE_SIZE = 50;

/** The audit page: HistoryService for the filtered journal, AuditService for verification and export. */
@Injectable()
export class WebAuditService {
  constructor(
    private readonly history: HistoryService,
    private readonly audit: AuditService,
    private readonly page: WebPage,
  ) {}

  async show(req: WebRequest, query: Record<string, unknown>): Promise<string> {
    const dto = formToDto(HistoryQueryDto, query, {
      entity: 'optional', entityId: 'optional', actor: 'optional', event: 'optional', from: 'optional', to: 'optional', page: 'optionalInt',
    });
    dto.pageSize = PAGE_SIZE;
    const filters: Record<string, string> = {};
    for (const name of AUDIT_FILTERS) if (typeof dto[name] === 'string') filters[name] = dto[name] as string;
    const canVerify = (req.user as AuthUser).roles.includes('auditor');
    // Verification reads the whole journal: only when asked for, and only for auditors (as the API).
    const [result, verification] = await Promise.all([
      this.history.search(dto),
      canVerify && query.verify === '1' ? this.audit.verify() : Promise.resolve(null),
    ]);
    return this.page.render(req, 'audit', { title: 'Audit journal', section: 'audit' }, auditPageView(dto, filters, result, verification, canVerify));
  }

  export(query: ExportQueryDto) {
    return this.audit.export(query.format ?? 'json');
  }
}
