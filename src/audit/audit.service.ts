import { Injectable } from '@nestjs/common';
import { PassThrough, Readable } from 'node:stream';
import { canonicalJson } from '../common/canonical-json';
import { JournalVerification, JournalVerifyService } from './verify/journal-verify.service';
import { CSV_HEADER, csvRow, jsonRow, RawExportRow } from './journal-export';
import { JournalFilter, JournalRepository } from './journal.repository';
import { HistoryService } from './history.service';
import type { ExportQueryDto } from './dto/export-query.dto';
import { JournalRow, toJournalRow } from './journal-row';

// Rows per keyset batch: big enough to amortise the query, small enough for constant memory.
const BATCH = 2000;

export interface JournalExport {
  stream: Readable;
  contentType: string;
  filename: string;
}

/** Verification and export of the whole journal, both streamed in seq order. */
@Injectable()
export class AuditService {
  constructor(
    private readonly journal: JournalRepository,
    private readonly verification: JournalVerifyService,
  ) {}

  /** The whole journal checked: chain, tree, kept checkpoints (see JournalVerifyService). */
  verify(options: { fromCheckpoint?: boolean } = {}): Promise<JournalVerification> {
    return this.verification.verify(options);
  }

  /**
   * The same verification as a stream of NDJSON lines, for journals that take seconds:
   * `{"progress":{"seq":N,"of":M}}` after each batch, then `{"result":{...}}` (or `{"error":"..."}`).
   */
  verifyStream(options: { fromCheckpoint?: boolean } = {}): JournalExport {
    const stream = new PassThrough();
    const line = (value: unknown) => stream.write(`${JSON.stringify(value)}\n`);
    this.verification
      .verify({ ...options, onProgress: (seq, of) => line({ progress: { seq, of } }) })
      .then((result) => line({ result }))
      .catch((error: Error) => line({ error: error.message }))
      .finally(() => stream.end());
    return { stream, contentType: 'application/x-ndjson; charset=utf-8', filename: 'journal-verification.ndjson' };
  }

  /** A pull stream: the next batch is read only when the response has drained the last one. */
  /** An export request: the history's filters (none: the whole journal) and the format. */
  exportFor(query: ExportQueryDto): Promise<JournalExport> {
    return this.export(query.format ?? 'json', HistoryService.filterOf(query));
  }

  async export(format: 'csv' | 'json', filter: JournalFilter = {}): Promise<JournalExport> {
    if (Object.values(filter).some((value) => value !== undefined)) return this.exportFiltered(format, filter);
    const { headSeq } = await this.journal.head();
    const encode = format === 'csv' ? csvRow : jsonRow;
    const journal = this.journal;
    async function* chunks(): AsyncGenerator<string> {
      yield format === 'csv' ? CSV_HEADER : '[';
      let after = 0;
      let first = true;
      while (after < headSeq) {
        const batch = await journal.batchAfter(after, BATCH, headSeq);
        if (batch.length === 0) break;
        let text = '';
        for (const raw of batch) {
          text += format === 'csv' ? encode(exportable(raw)) : `${first ? '\n' : ',\n'}${encode(exportable(raw))}`;
          first = false;
        }
        yield text;
        after = Number(batch[batch.length - 1].seq);
      }
      yield format === 'csv' ? '' : '\n]\n';
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return {
      stream: Readable.from(chunks(), { objectMode: false }),
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      filename: `journal-${stamp}.${format}`,
    };
  }

  /** The rows a filter selects, oldest first, in the same formats; bounded by the head seen at the start. */
  private async exportFiltered(format: 'csv' | 'json', filter: JournalFilter): Promise<JournalExport> {
    const journal = this.journal;
    const { headSeq } = await journal.head();
    async function* chunks(): AsyncGenerator<string> {
      yield format === 'csv' ? CSV_HEADER : '[';
      let offset = 0;
      let first = true;
      for (;;) {
        const batch = (await journal.search(filter, 'asc', BATCH, offset)).filter((row) => row.seq <= headSeq);
        let text = '';
        for (const row of batch) {
          text += format === 'csv' ? csvRow(row) : `${first ? '\n' : ',\n'}${jsonRow(row)}`;
          first = false;
        }
        if (text) yield text;
        if (batch.length < BATCH) break;
        offset += BATCH;
      }
      yield format === 'csv' ? '' : '\n]\n';
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return {
      stream: Readable.from(chunks(), { objectMode: false }),
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      filename: `journal-filtered-${stamp}.${format}`,
    };
  }
}

// A payload that is not exactly the canonical JSON that was written (not JSON at all, or an
// equivalent respelling) is exported as its text, so re-verifying the export fails as /verify does.
function exportable(raw: Record<string, unknown>): JournalRow | RawExportRow {
  const text = String(raw.payload);
  try {
    const row = toJournalRow(raw);
    if (canonicalJson(row.payload) === text) return row;
  } catch {
    // not JSON, or no canonical form (1e999): exported as text below
  }
  return { ...toJournalRow({ ...raw, payload: '{}' }), payload: text };
}
