import { Injectable, OnModuleInit } from '@nestjs/common';
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
import { JournalRepository } from '../audit/journal.repository';
import { UsersRepository } from '../auth/users.repository';
import { CyclesRepository } from '../cycles/cycles.repository';
import type { MemoProposal } from '../cycles/tranche-documents';
import { TrancheRunner } from '../cycles/tranche-runner';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { criterionOf, StatutesService, trancheOf } from '../statutes/statutes.service';
import { StatuteLineageService } from '../statutes/statute-lineage.service';
import { TemplateEngine } from '../templates/template-engine';
import { person } from './document-format';
import { renderDocx } from './docx-renderer';
import { buildDecisionMemoView, MEMO_TEMPLATE_VERSION } from './decision-memo.view';
import { documentContentHash, DocumentEntity, DocumentKind } from './document.entity';
import { DocumentSources, documentInputs, inputsHash } from './document-sources';
import { DocumentsRepository } from './documents.repository';
import { DocumentFormat } from './dto/document-query.dto';
import { PdfRenderer } from './pdf-renderer';
import { StoredPdf } from './stored-pdf';
import { buildReportView, REPORT_TEMPLATES, trancheDocumentKind } from './report.view';
import { CheckpointService } from '../audit/checkpoint/checkpoint.service';

export interface RenderedDocument {
  contentType: string;
  filename: string;
  body: Buffer;
  /** Set for files kept with a stored document: the hash recorded when they were rendered. */
  sha256?: string;
}

interface Rendered {
  html: string;
  markdown: string;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const CONTENT_TYPES: Record<DocumentFormat, string> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

/**
 * Renders, stores and serves the decision memo and the report to Congress. Stored
 * documents are written inside the tranche event's transaction (TrancheRunner, which this
 * service gives its document work at start-up), so a decision and the memo it rests on are
 * never out of step; their PDF is printed after that transaction commits.
 */
@Injectable()
export class DocumentsService implements OnModuleInit {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly cycles: CyclesRepository,
    private readonly runner: TrancheRunner,
    private readonly cases: CasesRepository,
    private readonly evidence: EvidenceRepository,
    private readonly journal: JournalRepository,
    private readonly users: UsersRepository,
    private readonly statutes: StatutesService,
    private readonly lineage: StatuteLineageService,
    private readonly templates: TemplateEngine,
    private readonly pdf: PdfRenderer,
    private readonly clock: Clock,
    private readonly checkpoints: CheckpointService,
    private readonly storedPdf: StoredPdf,
  ) {}

  onModuleInit(): void {
    this.runner.useDocuments({
      gather: async (tx, cycle, tranche, statute, cases, actor) => {
        const sources = await this.loadSources(cycle, tranche, statute, tx, cases, [actor]);
        return { sources, facts: await this.trancheFacts(tx, sources) };
      },
      storeMemo: async (tx, sources, actor, at, proposal) => {
        const { document, journal } = await this.storeMemo(tx, sources as DocumentSources, actor, at, proposal);
        return { documentId: document.id, journal };
      },
      storeFinalReport: async (tx, sources, actor, at) => {
        const { document, journal } = await this.storeFinalReport(tx, sources as DocumentSources, actor, at);
        return { documentId: document.id, journal };
      },
      committed: (documentIds) => this.storedPdf.printInBackground(documentIds),
    });
  }

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
    const history = await this.journal.caseRowsOfCycle(cycle.id, ['SUBMIT_FOR_REVIEW', 'APPROVE'], tx);
    const usernames = new Set([...alsoPeople, ...history.map((row) => row.actor), ...records.flatMap((c) => (c.finding ? [c.finding.approvedBy] : []))]);
    const people = Object.fromEntries(await this.users.displayNames([...usernames], tx));
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
      yearOverYear: this.yearOverYear(statute, cycle.fiscalYear, records),
    };
  }

  /** "changed since FY2022: adds …" per case, and the amendments later acts make to this year's funds, for the memo. */
  private yearOverYear(statute: Statute, fiscalYear: number, records: CaseEntity[]): NonNullable<DocumentSources['yearOverYear']> {
    const changes = Object.fromEntries(records.map((record) => {
      const criterion = criterionOf(statute, record.criterionCode);
      const earlier = this.lineage.earlierText(statute, criterion.family, criterion.text);
      if (!earlier) return [record.id, null];
      const since = earlier.ref.fiscalYearLabel;
      return [record.id, earlier.diff.changed ? `changed since ${since}: ${earlier.diff.summary}` : `unchanged since ${since}`];
    }));
    const amendments = this.lineage.amendmentsAffecting(statute.id, fiscalYear).map((a) => ({ citation: a.citation, effect: a.effect, textStatus: a.textStatus }));
    return { changes, amendments };
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

  renderMemo(sources: DocumentSources, meta: { now: Date; number: number; preparedBy: string; proposal: MemoProposal; inputsHash: string; journalCheckpoint: string }): Rendered {
    return this.renderDocument('documents/decision-memo', { ...buildDecisionMemoView(sources, meta), journalCheckpoint: meta.journalCheckpoint }, sources, meta.preparedBy);
  }

  renderReport(sources: DocumentSources, meta: { now: Date; final: boolean; inputsHash: string; journalCheckpoint: string; actor?: string }): Rendered {
    const { name } = REPORT_TEMPLATES[trancheDocumentKind(sources)];
    return this.renderDocument(`documents/${name}`, { ...buildReportView(sources, meta), journalCheckpoint: meta.journalCheckpoint }, sources, meta.actor);
  }

  /**
   * Every document type renders through here: `<name>.html` in the printable layout and
   * `<name>.md`; Word and PDF are derived from the HTML, so a new type needs only its templates.
   */
  private renderDocument(name: string, view: object, sources: DocumentSources, actor: string | undefined): Rendered {
    const { statute, cycle } = sources;
    const withMeta = {
      ...view,
      documentAuthor: actor ? person(actor, sources.people) : 'Conditions Desk (draft rendered on request)',
      documentSubject: `${statute.citation}: ${sources.recipient.name}, FY${cycle.fiscalYear}`,
    };
    return { html: this.templates.render(`${name}.html`, withMeta, 'document'), markdown: this.templates.render(`${name}.md`, view) };
  }

  /** Renders and stores the decision memo; the caller appends the returned journal row. */
  storeMemo(tx: EntityManager, sources: DocumentSources, actor: string, at: string, proposal: MemoProposal): Promise<{ document: DocumentEntity; journal: JournalInput }> {
    return this.store(tx, sources, 'decision_memo', actor, at, (number, hash, journalCheckpoint) =>
      this.renderMemo(sources, { now: new Date(at), number, preparedBy: actor, proposal, inputsHash: hash, journalCheckpoint }),
    );
  }

  /** Renders and stores the transmitted (final) report. */
  storeFinalReport(tx: EntityManager, sources: DocumentSources, actor: string, at: string): Promise<{ document: DocumentEntity; journal: JournalInput }> {
    return this.store(tx, sources, 'report', actor, at, (_number, hash, journalCheckpoint) =>
      this.renderReport(sources, { now: new Date(at), final: true, inputsHash: hash, journalCheckpoint, actor }),
    );
  }

  async memo(cycleId: string, format: DocumentFormat = 'html', trancheCode?: string): Promise<RenderedDocument> {
    const { tranche } = await this.cycleOrFail(cycleId, trancheCode);
    const latest = await this.documents.latest(cycleId, tranche.code, 'decision_memo');
    if (!latest) throw new DomainError('not_found', 'MEMO_NOT_FOUND', `No decision memo has been prepared for cycle '${cycleId}' tranche ${tranche.code}`);
    return this.outputStored(latest, format, `${cycleId}-${tranche.code}-memo-${latest.number}`);
  }

  /** The tranche's stored final document once transmitted; until then a draft rendered from the current record. */
  async report(cycleId: string, format: DocumentFormat = 'html', trancheCode?: string): Promise<RenderedDocument> {
    const { cycle, tranche, statute } = await this.cycleOrFail(cycleId, trancheCode);
    const final = await this.documents.latest(cycleId, tranche.code, 'report');
    if (final) return this.outputStored(final, format, `${cycleId}-${tranche.code}-report`);
    const sources = await this.loadSources(cycle, tranche, statute);
    const journalCheckpoint = checkpointLine(await this.checkpoints.latest());
    const rendered = this.renderReport(sources, { now: this.clock.now(), final: false, inputsHash: inputsHash(documentInputs(sources)), journalCheckpoint });
    return this.output(rendered, format, `${cycleId}-${tranche.code}-report-draft`);
  }

  private async cycleOrFail(cycleId: string, trancheCode?: string): Promise<{ cycle: CycleEntity; tranche: TrancheEntity; statute: Statute }> {
    const cycle = await this.cycles.findById(cycleId);
    if (!cycle) throw notFound('cycle', cycleId);
    const tranches = await this.cycles.tranchesOf(cycleId);
    const tranche = trancheCode === undefined && tranches.length === 1 ? tranches[0] : tranches.find((t) => t.code === trancheCode);
    if (!tranche) {
      throw new DomainError('invalid', trancheCode === undefined ? 'TRANCHE_REQUIRED' : 'TRANCHE_NOT_FOUND', `Name one of the cycle's tranches in 'tranche': ${tranches.map((t) => t.code).join(', ')}`);
    }
    return { cycle, tranche, statute: await this.statutes.version(cycle.statuteVersion) };
  }

  /** A stored document in any format; its PDF is the file printed once and kept with its hash (StoredPdf). */
  private async outputStored(document: DocumentEntity, format: DocumentFormat, name: string): Promise<RenderedDocument> {
    if (format !== 'pdf') return this.output({ html: document.html, markdown: document.markdown }, format, name);
    const file = await this.storedPdf.file(document);
    return { contentType: CONTENT_TYPES[format], filename: `${name}.${format}`, body: Buffer.from(file.content, 'base64'), sha256: file.sha256 };
  }

  private async output(rendered: Rendered, format: DocumentFormat, name: string): Promise<RenderedDocument> {
    return { contentType: CONTENT_TYPES[format], filename: `${name}.${format}`, body: await this.body(rendered, format) };
  }

  private async body(rendered: Rendered, format: DocumentFormat): Promise<Buffer> {
    switch (format) {
      case 'pdf':
        return this.pdf.render(rendered.html);
      case 'docx':
        return renderDocx(rendered.html);
      case 'md':
        return Buffer.from(rendered.markdown, 'utf8');
      default:
        return Buffer.from(rendered.html, 'utf8');
    }
  }

  private async store(
    tx: EntityManager,
    sources: DocumentSources,
    kind: DocumentKind,
    actor: string,
    at: string,
    render: (number: number, inputsHash: string, journalCheckpoint: string) => Rendered,
  ): Promise<{ document: DocumentEntity; journal: JournalInput }> {
    const inputs = documentInputs(sources);
    const hash = inputsHash(inputs);
    const number = await this.documents.nextNumber(tx, sources.cycle.id, kind);
    // The journal as it stood when the document was rendered: its signed checkpoint proves later that nothing before it changed.
    const checkpoint = await this.checkpoints.latest();
    const { html, markdown } = render(number, hash, checkpointLine(checkpoint));
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
      checkpoint: checkpoint.note,
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

/** The footer's account of the journal checkpoint current at rendering. */
function checkpointLine(checkpoint: { origin: string; size: number; root: string }): string {
  return `${checkpoint.origin}, ${checkpoint.size} entries, root ${checkpoint.root}`;
}
