import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth.types';
import { DomainError } from '../common/domain-error';
import { CyclesService } from '../cycles/cycles.service';
import { DocumentsService, RenderedDocument } from '../documents/documents.service';
import type { DocumentFormat } from '../documents/dto/document-query.dto';
import { stateLabel } from './web-labels';
import { WebPage } from './web-page';
import type { WebRequest } from './web-session';

export type DocumentKindPath = 'memo' | 'report';

const TITLES: Record<DocumentKindPath, string> = { memo: 'Decision memo', report: 'Report to Congress' };

/**
 * Previews of the decision memo and the report: the page frames the stored (or draft) HTML
 * that DocumentsService serves to the API, and links to the same document as HTML, Word, PDF and Markdown.
 */
@Injectable()
export class WebDocumentsService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly cycles: CyclesService,
    private readonly page: WebPage,
  ) {}

  /** The preview of a tranche's memo or document; `tranche` is needed when the cycle has several. */
  async preview(req: WebRequest, id: string, kind: DocumentKindPath, tranche?: string): Promise<string> {
    const cycle = await this.cycles.get(req.user as AuthUser, id);
    let available = true;
    try {
      await this.fetch(id, kind, 'html', tranche);
    } catch (error) {
      // No memo yet is a normal state of a cycle, not an error page.
      if (!(error instanceof DomainError && error.code === 'MEMO_NOT_FOUND')) throw error;
      available = false;
    }
    const base = `/cycles/${encodeURIComponent(id)}/${kind}/document`;
    const state = tranche ? (cycle.tranches.find((t) => t.code === tranche)?.state ?? cycle.state) : cycle.state;
    const final = kind === 'report' ? state === 'reportTransmitted' : true;
    const scope = tranche ? `&tranche=${encodeURIComponent(tranche)}` : '';
    return this.page.render(req, 'document', { title: `${TITLES[kind]} · ${id}`, section: 'cycles' }, {
      cycle: { id: cycle.id, state: stateLabel(state) },
      kind: { title: TITLES[kind], isMemo: kind === 'memo', draft: !final },
      available,
      links: { html: `${base}?format=html${scope}`, md: `${base}?format=md${scope}`, docx: `${base}?format=docx${scope}`, pdf: `${base}?format=pdf${scope}` },
    });
  }

  file(id: string, kind: DocumentKindPath, format: DocumentFormat | undefined, tranche?: string): Promise<RenderedDocument> {
    return this.fetch(id, kind, format ?? 'html', tranche);
  }

  private fetch(id: string, kind: DocumentKindPath, format: DocumentFormat, tranche?: string): Promise<RenderedDocument> {
    return kind === 'memo' ? this.documents.memo(id, format, tranche) : this.documents.report(id, format, tranche);
  }
}
