import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { ChainVerifier, VerifyResult } from './journal-chain-verifier';
import { CSV_HEADER, csvRow, jsonRow, RawExportRow } from './journal-export';
import { JournalRepository } from './journal.repository';
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
  constructor(private readonly journal: JournalRepository) {}

  /**
   * Recomputes every hash and link up to the head as it stood when verification began
   * (rows appended meanwhile are left for the next call), then checks the head itself.
   */
  async verify(): Promise<VerifyResult> {
    const head = await this.journal.head();
    const verifier = new ChainVerifier();
    let after = 0;
    while (after < head.headSeq && !verifier.isBroken) {
      const batch = await this.journal.batchAfter(after, BATCH, head.headSeq);
      if (batch.length === 0) break;
      for (const raw of batch) if (!verifier.push(raw)) break;
      after = Number(batch[batch.length - 1].seq);
    }
    return verifier.finish(head);
  }

  /** A pull stream: the next batch is read only when the response has drained the last one. */
  async export(format: 'csv' | 'json'): Promise<JournalExport> {
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
}

// A tampered payload that is not JSON is exported as its text, so the export shows it and re-verification fails.
function exportable(raw: Record<string, unknown>): JournalRow | RawExportRow {
  try {
    return toJournalRow(raw);
  } catch {
    return { ...toJournalRow({ ...raw, payload: '{}' }), payload: String(raw.payload) };
  }
}
