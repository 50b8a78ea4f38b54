import type { HistoryPage } from '../audit/history.service';
import type { VerifyResult } from '../audit/journal-chain-verifier';
import { JOURNAL_ENTITY_TYPES } from '../audit/dto/history-query.dto';
import type { HistoryQueryDto } from '../audit/dto/history-query.dto';
import { formatInstant } from './case.view';
import { historyLabel, journalEvents, stateLabel } from './web-labels';
import { compareUrl } from './audit-record.view';
import { formErrors } from './form-feedback';

const FILTER_INPUTS = { entity: 'f-entity', entityId: 'f-entityId', actor: 'f-actor', event: 'f-event', order: 'f-order', from: 'f-from', to: 'f-to', page: 'f-entity' };
import type { HistoryItemView } from '../audit/history.mapper';

// View model of the audit page: the journal filtered and paged, optionally verified.

export const AUDIT_FILTERS = ['entity', 'entityId', 'actor', 'event', 'from', 'to', 'order'] as const;

function queryString(filters: Record<string, string>, page: number): string {
  const params = new URLSearchParams();
  for (const name of AUDIT_FILTERS) if (filters[name]) params.set(name, filters[name]);
  params.set('page', String(page));
  return `/audit?${params.toString()}`;
}

/** A revision entry links to the two revisions side by side. */
function compareLink(item: HistoryItemView): string | null {
  const { evidenceId, revision } = item.payload;
  if (item.event !== 'REVISE_EVIDENCE' || typeof evidenceId !== 'string' || typeof revision !== 'number' || revision < 2) return null;
  return compareUrl(evidenceId, revision - 1, revision);
}

/** A case or cycle entry links to the record as it stood just after it. */
function asOfLink(item: HistoryItemView): string | null {
  if (item.entity !== 'case' && item.entity !== 'cycle') return null;
  const params = new URLSearchParams({ asOfEntity: item.entity, asOfId: item.entityId, asOf: item.at });
  return `/audit?${params.toString()}#as-of`;
}

function entityLink(entity: string, id: string): string | null {
  if (entity === 'case') return `/cases/${encodeURIComponent(id)}`;
  if (entity === 'cycle') return `/cycles/${encodeURIComponent(id)}`;
  return null;
}

export function auditPageView(
  query: HistoryQueryDto,
  filters: Record<string, string>,
  result: HistoryPage,
  verification: VerifyResult | null,
  canVerify: boolean,
  extras: { actors: string[]; filterError: string | null; filterFields?: Record<string, string>; typed: Record<string, string> } = { actors: [], filterError: null, typed: {} },
) {
  const shown = (name: string) => extras.typed[name] ?? filters[name] ?? '';
  const exportQuery = new URLSearchParams();
  for (const name of AUDIT_FILTERS) if (filters[name] && name !== 'order') exportQuery.set(name, filters[name]);
  const exportHref = (format: string) => {
    const params = new URLSearchParams(exportQuery);
    params.set('format', format);
    return `/audit/export?${params.toString()}`;
  };
  const events = journalEvents();
  if (filters.event && !events.some((e) => e.value === filters.event)) events.push({ value: filters.event, label: filters.event });
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const first = result.total === 0 ? 0 : (result.page - 1) * result.pageSize + 1;
  const last = Math.min(result.total, result.page * result.pageSize);
  return {
    filters: {
      entities: JOURNAL_ENTITY_TYPES.map((value) => ({ value, label: value, selected: value === query.entity })),
      entityId: shown('entityId'),
      actors: extras.actors.map((value) => ({ value, selected: value === shown('actor') })),
      events: events.map((e) => ({ ...e, selected: e.value === shown('event') })),
      newestFirst: query.order === 'desc',
      from: shown('from'),
      to: shown('to'),
      errors: formErrors(FILTER_INPUTS, extras.filterError, extras.filterFields),
      // Carried by the verification form, so that verifying keeps the filtered view.
      active: AUDIT_FILTERS.filter((name) => filters[name]).map((name) => ({ name, value: filters[name] })),
    },
    rows: result.items.map((item) => ({
      seq: item.seq,
      at: item.at,
      atText: formatInstant(item.at),
      actor: item.actor,
      entity: item.entity,
      entityId: item.entityId,
      link: entityLink(item.entity, item.entityId),
      event: item.event,
      label: historyLabel(item.event),
      // Edits keep the state: show a transition only when there was one.
      from: item.from && item.from !== item.to ? stateLabel(item.from).label : '',
      to: item.to ? stateLabel(item.to).label : '',
      comment: item.comment ?? '',
      compare: compareLink(item),
      asOf: asOfLink(item),
    })),
    none: result.items.length === 0,
    summary: result.total === 0 ? 'No entries match.' : `Entries ${first}–${last} of ${result.totalExact ? '' : 'at least '}${result.total}, ${query.order === 'desc' ? 'newest' : 'oldest'} first.`,
    pager: {
      page: result.page,
      pages,
      prev: result.page > 1 ? queryString(filters, result.page - 1) : null,
      next: result.page < pages ? queryString(filters, result.page + 1) : null,
    },
    verification: verification
      ? {
          ok: verification.ok,
          text: verification.ok
            ? `Intact: ${verification.checked} entries checked; every hash and link matches.`
            : `BROKEN at sequence number ${verification.firstBrokenSeq}${verification.reason ? `: ${verification.reason}` : ''}. ${verification.checked} entries before it are intact.`,
        }
      : null,
    canVerify,
    exportLinks: { json: exportHref('json'), csv: exportHref('csv'), filtered: exportQuery.toString() !== '' },
  };
}
