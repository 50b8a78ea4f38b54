import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { canonicalJson } from '../common/canonical-json';
import { UnitOfWork } from '../database/unit-of-work';
import { ChainVerifier, VerifyResult } from './journal-chain-verifier';
import { CSV_HEADER, csvRow, jsonRow, RawExportRow } from './journal-export';
import { JournalFilter, JournalRepository } from './journal.repository';
import { HistoryService } from './history.service';
import type { ExportQueryDto } from './dto/export-query.dto';
import { JournalRow, toJournalRow } from './journal-row';

// Rows per keyset batch: big enough to amortise the query, small enough for constant memory.
const BATCH = 2000;
// Verification reads and hashes a batch synchronously on SQLite; this size keeps each
// stretch without yielding to the event loop to about 10 ms (PostgreSQL uses it too).
const VERIFY_BATCH = 4000;

export interface JournalExport {
  stream: Readable;
  contentType: string;
  filename: string;
}

/** Verification and export of the whole journal, both streamed in seq order. */
@Injectable()
export class AuditService {
  private readonly isPostgres: boolean;

  constructor(
    private readonly journal: JournalRepository,
    unitOfWork: UnitOfWork,
  ) {
    this.isPostgres = unitOfWork.isPostgres;
  }

  /**
   * Recomputes every hash and link up to the head as it stood when verification began
   * (rows appended meanwhile are left for the next call), then checks the head itself.
   */
  async verify(): Promise<VerifyResult> {
    const head = await this.journal.head();
    const verifier = new ChainVerifier();
    let after = 0;
    while (after < head.headSeq && !verifier.isBroken) {
      after = await this.verifyTexts(verifier, after, head.headSeq);
      if (after < 0) break;
      // Let requests in between batches: a million rows take seconds.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return verifier.finish(head);
  }

  /** One batch through the full check; the last seq read, or -1 when there was none. */
  private async verifyValues(verifier: ChainVerifier, after: number, headSeq: number): Promise<number> {
    const batch = await this.journal.valuesAfter(after, VERIFY_BATCH, headSeq);
    for (const values of batch) if (!verifier.pushValues(values)) break;
    return batch.length ? Number(batch[batch.length - 1][0]) : -1;
  }

  /** One batch of canonical texts (assembled by SQLite, or here from PostgreSQL's values); anything not confirmed goes through the full check. */
  private async verifyTexts(verifier: ChainVerifier, after: number, headSeq: number): Promise<number> {
    let batch: Array<[number, string | null, string]>;
    try {
      batch = this.isPostgres
        ? await this.journal.canonicalTextsAfterPg(after, VERIFY_BATCH, headSeq)
        : this.journal.canonicalTextsAfter(after, VERIFY_BATCH, headSeq);
    } catch {
      // e.g. a BLOB written into a text column, which json_quote refuses: the full check names it.
      return this.verifyValues(verifier, after, headSeq);
    }
    for (const [seq, text, hash] of batch) {
      if (!verifier.confirmText(seq, text, hash)) return this.verifyValues(verifier, verifier.lastSeq, headSeq);
    }
    return batch.length ? batch[batch.length - 1][0] : -1;
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
