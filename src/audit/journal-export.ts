import { canonicalJson } from '../common/canonical-json';
import type { JournalRow } from './journal-row';

// Export encodings. JSON keeps every hashed field as stored so a third party can re-verify
// the chain (scripts/verify-export.js); CSV is for spreadsheets and is therefore defused.

export const CSV_COLUMNS = [
  'seq', 'at', 'entity_type', 'entity_id', 'cycle_id', 'case_id', 'event', 'from_state', 'to_state', 'actor', 'comment', 'payload', 'prev_hash', 'hash',
] as const;

// A cell starting with one of these is a formula to Excel/LibreOffice/Sheets (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell per RFC 4180, neutralised against formula injection with a leading apostrophe. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: Array<string | number | null>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const CSV_HEADER = csvLine([...CSV_COLUMNS]);

export function csvRow(row: JournalRow | RawExportRow): string {
  // The payload cell is the stored text: canonical JSON for an intact row.
  const payload = typeof row.payload === 'string' ? row.payload : canonicalJson(row.payload);
  return csvLine([
    row.seq, row.at, row.entityType, row.entityId, row.cycleId, row.caseId, row.event, row.fromState, row.toState, row.actor, row.comment, payload, row.prevHash, row.hash,
  ]);
}

/** A row whose payload is not its stored canonical JSON is exported as its raw text, so verification flags it. */
export type RawExportRow = Omit<JournalRow, 'payload'> & { payload: string };

export function jsonRow(row: JournalRow | RawExportRow): string {
  const { seq, at, entityType, entityId, cycleId, caseId, event, fromState, toState, actor, comment, payload, prevHash, hash } = row;
  return JSON.stringify({ seq, at, entityType, entityId, cycleId, caseId, event, fromState, toState, actor, comment, payload, prevHash, hash });
}
