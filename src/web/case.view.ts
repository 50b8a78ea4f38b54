import { CASE_REVIEW_LOOP_EVENTS } from '../cases/case-machine';
import type { HistoryItemView } from '../audit/history.mapper';
import type { CaseView } from '../cases/case.mapper';
import type { EvidencePage, EvidenceView } from '../evidence/dto/evidence.dto';
import type { ReliabilityGrade, Stance } from '../evidence/evidence-revision.entity';
import {
  CREDIBILITY_LABELS, EVENT_LABELS, historyLabel, KIND_LABELS, options, RATING_LABELS, RELIABILITY_LABELS, requiredFieldsOf, STANCE_LABELS, stateLabel,
} from './web-labels';

// View model of the case page. allowedEvents and canEdit come from CasesService's view:
// the page offers exactly what the machine would accept from this user now.

export type CaseForm = 'evidence' | 'finding' | 'event' | 'retract' | 'revise' | 'assignment' | null;

export interface CasePageExtras {
  /** The refused form, its message and what the user typed, to show them again. */
  failedForm: CaseForm;
  error: string | null;
  values: Record<string, string>;
  notice: string | null;
  /** The evidence item whose revise form was refused (the URL names it, the form does not). */
  evidenceId?: string | null;
}

export const NO_EXTRAS: CasePageExtras = { failedForm: null, error: null, values: {}, notice: null };

/** Earlier revisions by evidence id; only fetched for items with revision > 1. */
export type EarlierRevisions = ReadonlyMap<string, EvidenceView[]>;

/** `2015-03-01T12:00:00.000Z` -> `2015-03-01 12:00 UTC`. */
export function formatInstant(iso: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso;
}

export function timelineView(history: HistoryItemView[]) {
  return history.map((item) => ({
    seq: item.seq,
    at: item.at,
    atText: formatInstant(item.at),
    actor: item.actor,
    event: item.event,
    label: historyLabel(item.event),
    from: item.from ? stateLabel(item.from).label : null,
    to: item.to ? stateLabel(item.to).label : null,
    changed: !!item.from && !!item.to && item.from !== item.to,
    comment: item.comment,
  }));
}

function evidenceItem(e: EvidenceView, index: number, earlier: EarlierRevisions, extras: CasePageExtras, canEdit: boolean) {
  return {
    id: e.id,
    number: index + 1,
    title: e.title,
    url: e.url,
    kind: KIND_LABELS[e.kind] ?? e.kind,
    source: e.source,
    sourceDate: e.sourceDate,
    period: `${e.periodStart} to ${e.periodEnd}`,
    summary: e.summary,
    stance: { code: e.stance, label: STANCE_LABELS[e.stance] ?? e.stance },
    grade: `${e.reliability}${e.credibility}`,
    reliability: `${e.reliability}: ${RELIABILITY_LABELS[e.reliability] ?? ''}`,
    credibility: `${e.credibility}: ${CREDIBILITY_LABELS[String(e.credibility)] ?? ''}`,
    sensitivity: e.sensitivity,
    revision: e.revision,
    revised: e.revision > 1,
    revisedBy: e.revisedBy,
    revisedAt: e.revisedAt,
    revisedAtText: formatInstant(e.revisedAt),
    earlier: (earlier.get(e.id) ?? [])
      .filter((r) => r.revision < e.revision)
      .map((r) => ({ revision: r.revision, title: r.title, revisedBy: r.revisedBy, revisedAt: r.revisedAt, revisedAtText: formatInstant(r.revisedAt) })),
    addedBy: e.createdBy,
    retracted: e.retracted,
    retractedReason: e.retractedReason,
    retractedBy: e.retractedBy,
    revise: canEdit && !e.retracted ? reviseForm(e, extras) : null,
  };
}

/** The revise form, pre-filled with the current revision, or with what was typed if it was refused. */
function reviseForm(e: EvidenceView, extras: CasePageExtras) {
  const failed = extras.failedForm === 'revise' && extras.evidenceId === e.id;
  const v = (name: string, current: string) => (failed && extras.values[name] !== undefined ? extras.values[name] : current);
  return {
    open: failed,
    error: failed ? extras.error : null,
    // The revision the form was filled from: a post from an older page is refused, not applied on top.
    baseRevision: e.revision,
    nextRevision: e.revision + 1,
    kinds: options(KIND_LABELS, v('kind', e.kind)),
    stances: options(STANCE_LABELS, v('stance', e.stance)),
    reliabilities: options(RELIABILITY_LABELS, v('reliability', e.reliability), true),
    credibilities: options(CREDIBILITY_LABELS, v('credibility', String(e.credibility)), true),
    title: v('title', e.title),
    source: v('source', e.source),
    sourceDate: v('sourceDate', e.sourceDate),
    periodStart: v('periodStart', e.periodStart),
    periodEnd: v('periodEnd', e.periodEnd),
    url: v('url', e.url ?? ''),
    summary: v('summary', e.summary),
    sensitivity: v('sensitivity', e.sensitivity ?? ''),
  };
}

// Events that offer an optional comment box (a reviewer's note on approval).
const OPTIONAL_COMMENT = new Set(['APPROVE', 'WITHDRAW']);

/** The reviewer's (or manager's) comment when the case last came back to gathering: shown on top. */
export function returnedBanner(history: HistoryItemView[], state: string) {
  if (state !== 'evidenceGathering') return null;
  const last = history.filter((h) => CASE_REVIEW_LOOP_EVENTS.has(h.event)).pop();
  if (!last || (last.event !== 'REQUEST_CHANGES' && last.event !== 'REOPEN')) return null;
  return { by: last.actor, at: last.at, atText: formatInstant(last.at), comment: last.comment, reopened: last.event === 'REOPEN' };
}

/** Which evidence the case page lists: a page of the (optionally filtered) items. */
export interface EvidenceListing {
  page: number;
  stance?: Stance;
  reliability?: ReliabilityGrade;
}

/** The case page's own URL with the given listing, back to the evidence section. */
function listingUrl(caseId: string, listing: EvidenceListing): string {
  const params = new URLSearchParams();
  if (listing.stance) params.set('stance', listing.stance);
  if (listing.reliability) params.set('reliability', listing.reliability);
  if (listing.page > 1) params.set('evidencePage', String(listing.page));
  const query = params.toString();
  return `/cases/${encodeURIComponent(caseId)}${query ? `?${query}` : ''}#evidence`;
}

function evidenceListingView(c: CaseView, page: EvidencePage, listing: EvidenceListing) {
  const shownFrom = page.items.length ? (page.page - 1) * page.pageSize + 1 : 0;
  const shownTo = (page.page - 1) * page.pageSize + page.items.length;
  const filtered = !!(listing.stance || listing.reliability);
  return {
    filtered,
    total: page.total,
    shownFrom,
    shownTo,
    more: shownTo < page.total ? { url: listingUrl(c.id, { ...listing, page: page.page + 1 }), count: Math.min(page.pageSize, page.total - shownTo) } : null,
    previous: page.page > 1 ? { url: listingUrl(c.id, { ...listing, page: page.page - 1 }) } : null,
    clear: filtered ? { url: listingUrl(c.id, { page: 1 }) } : null,
    stances: Object.entries(page.counts.stance).map(([code, n]) => ({ code, label: STANCE_LABELS[code] ?? code, n, selected: listing.stance === code })),
    grades: Object.entries(page.counts.reliability).map(([code, n]) => ({ code, label: RELIABILITY_LABELS[code] ?? code, n, selected: listing.reliability === code })),
  };
}

export function casePageView(
  c: CaseView,
  evidencePage: EvidencePage,
  history: { items: HistoryItemView[]; total: number },
  extras: CasePageExtras,
  earlier: EarlierRevisions = new Map(),
  listing: EvidenceListing = { page: 1 },
) {
  const v = (form: CaseForm, name: string, fallback: string) => (extras.failedForm === form && extras.values[name] !== undefined ? extras.values[name] : fallback);
  const proposed = c.proposedFinding;
  const evidence = evidencePage.items;
  const offset = (evidencePage.page - 1) * evidencePage.pageSize;
  const { all, retracted } = evidencePage.counts;
  // A refused revision is shown on its item when the form is there; otherwise beside the actions.
  const reviseShown = c.canEdit && evidence.some((e) => e.id === extras.evidenceId && !e.retracted);
  return {
    case: {
      id: c.id,
      cycleId: c.cycleId,
      version: c.version,
      state: stateLabel(c.state),
      submittedBy: c.submittedBy,
      canEdit: c.canEdit,
    },
    criterion: {
      ...c.criterion,
      paraphrase: c.criterion.textStatus === 'paraphrase',
    },
    proposed: proposed ? { rating: RATING_LABELS[proposed.rating] ?? proposed.rating, rationale: proposed.rationale, narrative: proposed.narrative } : null,
    finding: c.finding
      ? { rating: RATING_LABELS[c.finding.rating] ?? c.finding.rating, rationale: c.finding.rationale, approvedBy: c.finding.approvedBy, approvedAt: formatInstant(c.finding.approvedAt) }
      : null,
    evidence: evidence.map((e, index) => evidenceItem(e, offset + index, earlier, extras, c.canEdit)),
    evidenceCount: { live: all - retracted, retracted, none: all === 0 },
    evidenceListing: evidenceListingView(c, evidencePage, listing),
    events: c.allowedEvents.map((type) => {
      const needs = requiredFieldsOf(type);
      return {
        type, label: EVENT_LABELS[type] ?? type, needsComment: needs.comment, optionalComment: !needs.comment && OPTIONAL_COMMENT.has(type),
        comment: v('event', 'comment', ''), failed: extras.failedForm === 'event' && extras.values.type === type,
      };
    }),
    noEvents: c.allowedEvents.length === 0,
    evidenceForm: {
      kinds: options(KIND_LABELS, v('evidence', 'kind', '')),
      stances: options(STANCE_LABELS, v('evidence', 'stance', '')),
      reliabilities: options(RELIABILITY_LABELS, v('evidence', 'reliability', ''), true),
      credibilities: options(CREDIBILITY_LABELS, v('evidence', 'credibility', ''), true),
      title: v('evidence', 'title', ''),
      source: v('evidence', 'source', ''),
      sourceDate: v('evidence', 'sourceDate', ''),
      periodStart: v('evidence', 'periodStart', ''),
      periodEnd: v('evidence', 'periodEnd', ''),
      url: v('evidence', 'url', ''),
      summary: v('evidence', 'summary', ''),
      sensitivity: v('evidence', 'sensitivity', ''),
      error: extras.failedForm === 'evidence' ? extras.error : null,
    },
    findingForm: {
      ratings: options(RATING_LABELS, v('finding', 'rating', proposed?.rating ?? '')),
      rationale: v('finding', 'rationale', proposed?.rationale ?? ''),
      narrative: v('finding', 'narrative', proposed?.narrative ?? ''),
      error: extras.failedForm === 'finding' ? extras.error : null,
    },
    eventError: extras.failedForm === 'event' || extras.failedForm === 'retract' || (extras.failedForm === 'revise' && !reviseShown) ? extras.error : null,
    error: extras.error,
    notice: extras.notice,
    // Fetched latest first; shown oldest first, as every history in the desk.
    timeline: timelineView([...history.items].reverse()),
    timelineEarlier: history.total > history.items.length
      ? { count: history.total - history.items.length, url: `/audit?entity=case&entityId=${encodeURIComponent(c.id)}` }
      : null,
    returned: returnedBanner([...history.items].reverse(), c.state),
  };
}
