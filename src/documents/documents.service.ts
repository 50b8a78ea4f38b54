import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import type { JournalInput } from '../audit/journal.service';
import type { CaseEntity } from '../cases/case.entity';
import type { CycleEntity } from '../cycles/cycle.entity';
import type { EvidenceRevisionEntity } from '../evidence/evidence-revision.entity';
import type { CycleFacts } from '../cycles/cycle-machine';
import { CasesRepository } from '../cases/cases.repository';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { StatutesService } from '../statutes/statutes.service';
import { TemplateEngine } from '../templates/template-engine';
import { buildDecisionMemoView, MEMO_TEMPLATE_VERSION, MemoProposal } from './decision-memo.view';
import { documentContentHash, DocumentEntity, DocumentKind } from './document.entity';
import { DocumentSources, documentInputs, inputsHash } from './document-sources';
import { DocumentsRepository } from './documents.repository';
import { DocumentFormat } from './dto/document-query.dto';
import { PdfRenderer } from './pdf-renderer';
import { buildReportView, REPORT_TEMPLATE_VERSION } from './report.view';

export interface RenderedDocument {
  contentType: string;
  filename: string;
  body: Buffer;
}

interface Rendered {
  html: string;
  markdown: string;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const CONTENT_TYPES: Record<DocumentFormat, string> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  pdf: 'application/pdf',
};

/**
 * Renders, stores and serves the decision memo and the report to Congress. Stored
 * documents are written inside the cycle's write transaction (see CycleWriter), so a
 * decision and the memo it rests on are never out of step.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly cases: CasesRepository,
    private readonly evidence: EvidenceRepository,
    private readonly statutes: StatutesService,
    private readonly templates: TemplateEngine,
    private readonly pdf: PdfRenderer,
    private readonly clock: Clock,
  ) {}

  /** Reads what documents are built from; inside a transaction when `tx` is given. */
  async loadSources(cycle: CycleEntity, tx?: EntityManager, cases?: CaseEntity[], alsoPeople: string[] = []): Promise<DocumentSources> {
    const statute = this.statutes.get(cycle.statuteId);
    const records = cases ?? (await this.cases.listByCycle(cycle.id, tx));
    // Citation order is the sources' chronology (then title, then id): stable whatever the insertion instants.
    const evidence = (await this.evidence.currentOf(records.map((c) => c.id), { liveOnly: true, tx }))
      .map(([item, revision]) => ({ caseId: item.caseId, revision }))
      .sort((a, b) => compare(a.revision.sourceDate, b.revision.sourceDate) || compare(a.revision.title, b.revision.title) || compare(a.revision.evidenceId, b.revision.evidenceId));
    const byCase = new Map<string, EvidenceRevisionEntity[]>();
    for (const e of evidence) {
      const list = byCase.get(e.caseId);
      if (list) list.push(e.revision);
      else byCase.set(e.caseId, [e.revision]);
    }
    const history = await this.documents.workflowHistory(cycle.id, tx);
    const usernames = new Set([...alsoPeople, ...history.map((row) => row.actor), ...records.flatMap((c) => (c.finding ? [c.finding.approvedBy] : []))]);
    const people = Object.fromEntries(await this.documents.displayNames([...usernames], tx));
    return {
      cycle,
      statute,
      cases: records.map((record) => ({
        id: record.id,
        criterionCode: record.criterionCode,
        state: record.state,
        version: record.version,
        finding: record.finding,
        proposedRating: record.proposedRating,
        criterion: this.statutes.criterion(record.criterionCode),
        evidence: byCase.get(record.id) ?? [],
      })),
      history: history.map((row) => ({ caseId: row.caseId, event: row.event, actor: row.actor, at: row.at })),
      people,
    };
  }

  /** The cycle machine's facts: approvals, findings, and whether the latest memo still matches its inputs. */
  async cycleFacts(tx: EntityManager, cycle: CycleEntity, sources: DocumentSources): Promise<CycleFacts> {
    const latest = await this.documents.latest(cycle.id, 'decision_memo', tx);
    const cases = sources.cases;
    return {
      allCasesApproved: cases.length > 0 && cases.every((c) => c.state === 'approved'),
      allFindingsMet: cases.length > 0 && cases.every((c) => c.finding?.rating === 'met'),
      memoFresh: !!latest && latest.inputsHash === inputsHash(documentInputs(sources)),
      memoDocumentId: latest?.id ?? null,
      withheldCents: cycle.withheldCents,
    };
  }

  renderMemo(sources: DocumentSources, meta: { now: Date; number: number; preparedBy: string; proposal: MemoProposal; inputsHash: string }): Rendered {
    const view = buildDecisionMemoView(sources, meta);
    return { html: this.templates.render('documents/decision-memo.html', view, 'document'), markdown: this.templates.render('documents/decision-memo.md', view) };
  }

  renderReport(sources: DocumentSources, meta: { now: Date; final: boolean; inputsHash: string }): Rendered {
    const view = buildReportView(sources, meta);
    return {
      html: this.templates.render('documents/report-to-congress.html', view, 'document'),
      markdown: this.templates.render('documents/report-to-congress.md', view),
    };
  }

  /** Renders and stores the decision memo; the caller appends the returned journal row. */
  storeMemo(tx: EntityManager, sources: DocumentSources, actor: string, at: string, proposal: MemoProposal): Promise<{ document: DocumentEntity; journal: JournalInput }> {
    return this.store(tx, sources, 'decision_memo', actor, at, (number, hash) =>
      this.renderMemo(sources, { now: new Date(at), number, preparedBy: actor, proposal, inputsHash: hash }),
    );
  }

  /** Renders and stores the transmitted (final) report. */
  storeFinalReport(tx: EntityManager, sources: DocumentSources, actor: string, at: string): Promise<{ document: DocumentEntity; journal: JournalInput }> {
    return this.store(tx, sources, 'report', actor, at, (_number, hash) => this.renderReport(sources, { now: new Date(at), final: true, inputsHash: hash }));
  }

  async memo(cycleId: string, format: DocumentFormat = 'html'): Promise<RenderedDocument> {
    await this.cycleOrFail(cycleId);
    const latest = await this.documents.latest(cycleId, 'decision_memo');
    if (!latest) throw new DomainError('not_found', 'MEMO_NOT_FOUND', `No decision memo has been prepared for cycle '${cycleId}'`);
    return this.output({ html: latest.html, markdown: latest.markdown }, format, `${cycleId}-memo-${latest.number}`);
  }

  /** The stored final report once transmitted; until then a draft rendered from the current record. */
  async report(cycleId: string, format: DocumentFormat = 'html'): Promise<RenderedDocument> {
    const cycle = await this.cycleOrFail(cycleId);
    const final = await this.documents.latest(cycleId, 'report');
    if (final) return this.output({ html: final.html, markdown: final.markdown }, format, `${cycleId}-report`);
    const sources = await this.loadSources(cycle);
    const rendered = this.renderReport(sources, { now: this.clock.now(), final: false, inputsHash: inputsHash(documentInputs(sources)) });
    return this.output(rendered, format, `${cycleId}-report-draft`);
  }

  private async cycleOrFail(cycleId: string): Promise<CycleEntity> {
    const cycle = await this.documents.findCycle(cycleId);
    if (!cycle) throw notFound('cycle', cycleId);
    return cycle;
  }

  private async output(rendered: Rendered, format: DocumentFormat, name: string): Promise<RenderedDocument> {
    const body = format === 'pdf' ? await this.pdf.render(rendered.html) : Buffer.from(format === 'md' ? rendered.markdown : rendered.html, 'utf8');
    return { contentType: CONTENT_TYPES[format], filename: `${name}.${format}`, body };
  }

  private async store(
    tx: EntityManager,
    sources: DocumentSources,
    kind: DocumentKind,
    actor: string,
    at: string,
    render: (number: number, inputsHash: string) => Rendered,
  ): Promise<{ document: DocumentEntity; journal: JournalInput }> {
    const inputs = documentInputs(sources);
    const hash = inputsHash(inputs);
    const number = await this.documents.nextNumber(tx, sources.cycle.id, kind);
    const { html, markdown } = render(number, hash);
    const document = Object.assign(new DocumentEntity(), {
      id: randomUUID(),
      cycleId: sources.cycle.id,
      kind,
      number,
      status: 'final' as const,
      templateVersion: kind === 'decision_memo' ? MEMO_TEMPLATE_VERSION : REPORT_TEMPLATE_VERSION,
      contentHash: documentContentHash(html, markdown),
      inputs,
      inputsHash: hash,
      html,
      markdown,
      createdBy: actor,
      createdAt: at,
    });
    await this.documents.insert(tx, document);
    const journal: JournalInput = {
      at,
      entityType: 'document',
      entityId: document.id,
      cycleId: document.cycleId,
      event: 'DOCUMENT_CREATED',
      actor,
      payload: {
        kind, number, status: document.status, templateVersion: document.templateVersion, contentHash: document.contentHash, inputsHash: hash,
        evidenceRevisions: inputs.cases.reduce((n, c) => n + c.evidence.length, 0),
      },
    };
    return { document, journal };
  }
}
