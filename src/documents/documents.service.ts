import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import type { JournalInput } from '../audit/journal.service';
import type { CaseEntity } from '../cases/case.entity';
import type { CycleEntity } from '../cycles/cycle.entity';
import type { EvidenceRevisionEntity } from '../evidence/evidence-revision.entity';
import type { TrancheEntity } from '../cycles/tranche.entity';
import type { Statute } from '../statutes/statute-catalog';
import { CasesRepository } from '../cases/cases.repository';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { criterionOf, StatutesService, trancheOf } from '../statutes/statutes.service';
import { TemplateEngine } from '../templates/template-engine';
import { buildDecisionMemoView, MEMO_TEMPLATE_VERSION, MemoProposal } from './decision-memo.view';
import { documentContentHash, DocumentEntity, DocumentKind } from './document.entity';
import { DocumentSources, documentInputs, inputsHash } from './document-sources';
import { DocumentsRepository } from './documents.repository';
import { DocumentFormat } from './dto/document-query.dto';
import { PdfRenderer } from './pdf-renderer';
import { buildReportView, REPORT_TEMPLATES, trancheDocumentKind } from './report.view';

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

  /** Reads what a tranche's documents are built from (the pinned statute's text); inside a transaction when `tx` is given. */
  async loadSources(
    cycle: CycleEntity, tranche: TrancheEntity, statute: Statute, tx?: EntityManager, cases?: CaseEntity[], alsoPeople: string[] = [],
  ): Promise<DocumentSources> {
    const defined = trancheOf(statute, tranche.code);
    // Statutory order, never sorted by code.
    const order = defined.criteria.map((c) => c.code);
    const records = (cases ?? (await this.cases.listByCycle(cycle.id, tx)).filter((c) => c.trancheCode === tranche.code))
      .slice()
      .sort((a, b) => order.indexOf(a.criterionCode) - order.indexOf(b.criterionCode));
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
      cycle: {
        id: cycle.id, fiscalYear: cycle.fiscalYear, appropriatedCents: tranche.baseCents ?? 0, withheldBasisPoints: tranche.basisPoints ?? 0,
        withheldCents: tranche.withheldCents, obligationDeadline: cycle.obligationDeadline,
      },
      statute,
      tranche: defined,
      recipient: statute.recipients.find((r) => r.code === cycle.recipient) ?? statute.recipients[0],
      decision: tranche.decision ? { type: String(tranche.decision.type), comment: (tranche.decision.comment as string | null) ?? null } : null,
      cases: records.map((record) => ({
        id: record.id,
        criterionCode: record.criterionCode,
        state: record.state,
        version: record.version,
        finding: record.finding,
        proposedRating: record.proposedRating,
        criterion: criterionOf(statute, record.criterionCode),
        evidence: byCase.get(record.id) ?? [],
      })),
      history: history.map((row) => ({ caseId: row.caseId, event: row.event, actor: row.actor, at: row.at })),
      people,
    };
  }

  /** The tranche machine's document facts: approvals, findings, and whether its latest memo still matches its inputs. */
  async trancheFacts(tx: EntityManager, sources: DocumentSources) {
    const latest = await this.documents.latest(sources.cycle.id, sources.tranche.code, 'decision_memo', tx);
    const cases = sources.cases;
    return {
      allCasesApproved: cases.length > 0 && cases.every((c) => c.state === 'approved'),
      allFindingsMet: cases.length > 0 && cases.every((c) => c.finding?.rating === 'met'),
      memoFresh: !!latest && latest.inputsHash === inputsHash(documentInputs(sources)),
      memoDocumentId: latest?.id ?? null,
    };
  }

  renderMemo(sources: DocumentSources, meta: { now: Date; number: number; preparedBy: string; proposal: MemoProposal; inputsHash: string }): Rendered {
    const view = buildDecisionMemoView(sources, meta);
    return { html: this.templates.render('documents/decision-memo.html', view, 'document'), markdown: this.templates.render('documents/decision-memo.md', view) };
  }

  renderReport(sources: DocumentSources, meta: { now: Date; final: boolean; inputsHash: string }): Rendered {
    const view = buildReportView(sources, meta);
    const { name } = REPORT_TEMPLATES[trancheDocumentKind(sources)];
    return { html: this.templates.render(`documents/${name}.html`, view, 'document'), markdown: this.templates.render(`documents/${name}.md`, view) };
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

  async memo(cycleId: string, format: DocumentFormat = 'html', trancheCode?: string): Promise<RenderedDocument> {
    const { tranche } = await this.cycleOrFail(cycleId, trancheCode);
    const latest = await this.documents.latest(cycleId, tranche.code, 'decision_memo');
    if (!latest) throw new DomainError('not_found', 'MEMO_NOT_FOUND', `No decision memo has been prepared for cycle '${cycleId}' tranche ${tranche.code}`);
    return this.output({ html: latest.html, markdown: latest.markdown }, format, `${cycleId}-${tranche.code}-memo-${latest.number}`);
  }

  /** The tranche's stored final document once transmitted; until then a draft rendered from the current record. */
  async report(cycleId: string, format: DocumentFormat = 'html', trancheCode?: string): Promise<RenderedDocument> {
    const { cycle, tranche, statute } = await this.cycleOrFail(cycleId, trancheCode);
    const final = await this.documents.latest(cycleId, tranche.code, 'report');
    if (final) return this.output({ html: final.html, markdown: final.markdown }, format, `${cycleId}-${tranche.code}-report`);
    const sources = await this.loadSources(cycle, tranche, statute);
    const rendered = this.renderReport(sources, { now: this.clock.now(), final: false, inputsHash: inputsHash(documentInputs(sources)) });
    return this.output(rendered, format, `${cycleId}-${tranche.code}-report-draft`);
  }

  private async cycleOrFail(cycleId: string, trancheCode?: string): Promise<{ cycle: CycleEntity; tranche: TrancheEntity; statute: Statute }> {
    const cycle = await this.documents.findCycle(cycleId);
    if (!cycle) throw notFound('cycle', cycleId);
    const tranches = await this.documents.tranchesOf(cycleId);
    const tranche = trancheCode === undefined && tranches.length === 1 ? tranches[0] : tranches.find((t) => t.code === trancheCode);
    if (!tranche) {
      throw new DomainError('invalid', trancheCode === undefined ? 'TRANCHE_REQUIRED' : 'TRANCHE_NOT_FOUND', `Name one of the cycle's tranches in 'tranche': ${tranches.map((t) => t.code).join(', ')}`);
    }
    return { cycle, tranche, statute: await this.statutes.version(cycle.statuteVersion) };
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
      trancheCode: sources.tranche.code,
      kind,
      number,
      status: 'final' as const,
      templateVersion: kind === 'decision_memo' ? MEMO_TEMPLATE_VERSION : REPORT_TEMPLATES[trancheDocumentKind(sources)].version,
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
        tranche: sources.tranche.code, kind, number, status: document.status, templateVersion: document.templateVersion, contentHash: document.contentHash, inputsHash: hash,
        evidenceRevisions: inputs.cases.reduce((n, c) => n + c.evidence.length, 0),
      },
    };
    return { document, journal };
  }
}
