import { CASE_REVIEW_LOOP_EVENTS } from '../cases/case-machine';
import type { HistoryItemView } from '../audit/history.mapper';
import type { CaseView } from '../cases/case.mapper';
import type { EvidencePage, EvidenceView } from '../evidence/dto/evidence.dto';
import type { ReliabilityGrade, Stance } from '../evidence/evidence-revision.entity';
import {
  CREDIBILITY_LABELS, EVENT_LABELS, historyLabel, KIND_LABELS, options, RATING_LABELS, RELIABILITY_LABELS, requiredFieldsOf, STANCE_LABELS, stateLabel,
} from './web-labels';
import { clashView, ClashView, formErrors } from './form-feedback';

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
  /** The refusal's code (VERSION_CONFLICT, STALE_REVISION: a clash) and its per-field messages. */
  code?: string | null;
  fieldMessages?: Record<string, string>;
}

export const NO_EXTRAS: CasePageExtras = { failedForm: null, error: null, values: {}, notice: null };

/** Earlier revisions by evidence id; only fetched for items with revision > 1. */
export type EarlierRevisions = ReadonlyMap<string, EvidenceView[]>;

const EVIDENCE_FIELD_NAMES = ['kind', 'stance', 'title', 'source', 'sourceDate', 'periodStart', 'periodEnd', 'url', 'summary', 'reliability', 'credibility', 'sensitivity'] as const;
/** Input ids of an evidence form, in its order: `title`, or `title-<item id>` in an item's revise form. */
const evidenceInputs = (suffix: string) => Object.fromEntries(EVIDENCE_FIELD_NAMES.map((name) => [name, `${name}${suffix}`]));
const FINDING_INPUTS = { rating: 'finding-rating', rationale: 'rationale', narrative: 'narrative' };

/** The refused form's errors, or an empty set for every other form of the page. */
function errorsOf(extras: CasePageExtras, form: CaseForm, inputs: Record<string, string>, applies = true) {
  return formErrors(inputs, extras.failedForm === form && applies ? extras.error : null, extras.fieldMessages);
}

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
    retractErrors: formErrors({ reason: `reason-${e.id}` }, extras.failedForm === 'retract' && extras.evidenceId === e.id ? extras.error : null, extras.fieldMessages),
  };
}

/** The revise form, pre-filled with the current revision, or with what was typed if it was refused. */
function reviseForm(e: EvidenceView, extras: CasePageExtras) {
  const failed = extras.failedForm === 'revise' && extras.evidenceId === e.id;
  const v = (name: string, current: string) => (failed && extras.values[name] !== undefined ? extras.values[name] : current);
  const clash = failed && extras.code === 'STALE_REVISION' ? reviseClash(e, extras) : null;
  return {
    open: failed,
    // A clash is explained by the comparison itself, not by a message on top.
    errors: formErrors(evidenceInputs(`-${e.id}`), failed && !clash ? extras.error : null, extras.fieldMessages),
    clash,
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

const EVIDENCE_FIELD_LABELS: Record<(typeof EVIDENCE_FIELD_NAMES)[number], string> = {
  kind: 'Kind', stance: 'Stance', title: 'Title', source: 'Source organisation', sourceDate: 'Source date', periodStart: 'Period covered: from',
  periodEnd: 'Period covered: to', url: 'Web address', summary: 'Summary', reliability: 'Source reliability', credibility: 'Information credibility', sensitivity: 'Sensitivity marking',
};

/** The current revision of an item (theirs) beside the revise form that was filled from an older one (mine). */
function reviseClash(e: EvidenceView, extras: CasePageExtras): ClashView {
  const current: Record<string, string> = {
    kind: e.kind, stance: e.stance, title: e.title, source: e.source, sourceDate: e.sourceDate, periodStart: e.periodStart, periodEnd: e.periodEnd,
    url: e.url ?? '', summary: e.summary, reliability: e.reliability, credibility: String(e.credibility), sensitivity: e.sensitivity ?? '',
  };
  const mine = (name: string) => extras.values[name] ?? '';
  return clashView({
    theirsHeading: `Saved: revision ${e.revision} by ${e.revisedBy}, ${formatInstant(e.revisedAt)}`,
    fields: EVIDENCE_FIELD_NAMES.map((name) => ({ label: EVIDENCE_FIELD_LABELS[name], theirs: current[name], mine: mine(name) })),
    keepMine: {
      action: `/cases/${encodeURIComponent(e.caseId)}/evidence/${encodeURIComponent(e.id)}/revise`,
      fields: [...EVIDENCE_FIELD_NAMES.map((name) => ({ name, value: mine(name) })), { name: 'baseRevision', value: String(e.revision) }],
      label: `Keep mine: save my text as revision ${e.revision + 1}`,
    },
    keepTheirsUrl: `/cases/${encodeURIComponent(e.caseId)}#evidence-${e.id}`,
    editHref: `#revise-form-${e.id}`,
  });
}

/** The proposed finding saved now (theirs) beside the one typed on a page of an older version (mine). */
function findingClash(c: CaseView, extras: CasePageExtras, latest: HistoryItemView | undefined): ClashView {
  const saved = c.proposedFinding;
  const mine = (name: string) => extras.values[name] ?? '';
  const rating = (code: string) => (code ? (RATING_LABELS[code] ?? code) : '(none)');
  const by = latest ? `; last change: ${historyLabel(latest.event)} by ${latest.actor}, ${formatInstant(latest.at)}` : '';
  return clashView({
    theirsHeading: `Saved now (version ${c.version}${by})`,
    fields: [
      { label: 'Rating', theirs: rating(saved?.rating ?? ''), mine: rating(mine('rating')) },
      { label: 'Rationale', theirs: saved?.rationale ?? '', mine: mine('rationale') },
      { label: 'Narrative for the report', theirs: saved?.narrative ?? '', mine: mine('narrative') },
    ],
    keepMine: {
      action: `/cases/${encodeURIComponent(c.id)}/proposed-finding`,
      fields: [...['rating', 'rationale', 'narrative'].map((name) => ({ name, value: mine(name) })), { name: 'expectedVersion', value: String(c.version) }],
      label: `Keep mine: save my finding over version ${c.version}`,
    },
    keepTheirsUrl: `/cases/${encodeURIComponent(c.id)}#finding`,
    editHref: '#finding-form',
  });
}

// Events that offer an optional comment box (a reviewer's note on approval).
const OPTIONAL_COMMENT = new Set(['APPROVE', 'WITHDRAW']);

/** The comment box's own message (a blank or too long comment), beside the box. */
function commentError(type: string, extras: CasePageExtras) {
  const message = extras.fieldMessages?.comment;
  return message ? { id: `comment-${type}-error`, message } : null;
}

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
  const retractShown = reviseShown;
  const findingClashed = extras.failedForm === 'finding' && extras.code === 'VERSION_CONFLICT';
  const eventCommentExplains = extras.failedForm === 'event' && !!extras.fieldMessages?.comment;
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
        // Only a comment box can be at fault: other refusals are shown above the buttons.
        commentError: extras.failedForm === 'event' && extras.values.type === type && (needs.comment || OPTIONAL_COMMENT.has(type)) ? commentError(type, extras) : null,
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
      errors: errorsOf(extras, 'evidence', evidenceInputs('')),
    },
    findingForm: {
      ratings: options(RATING_LABELS, v('finding', 'rating', proposed?.rating ?? '')),
      rationale: v('finding', 'rationale', proposed?.rationale ?? ''),
      narrative: v('finding', 'narrative', proposed?.narrative ?? ''),
      errors: errorsOf(extras, 'finding', FINDING_INPUTS, !findingClashed),
      clash: findingClashed ? findingClash(c, extras, history.items[0]) : null,
    },
    // Refusals that no field explains are shown above the buttons.
    eventError: (extras.failedForm === 'event' && !eventCommentExplains) || (extras.failedForm === 'retract' && !retractShown) || (extras.failedForm === 'revise' && !reviseShown) ? extras.error : null,
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
