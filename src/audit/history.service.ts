import { Injectable } from '@nestjs/common';
import { invalidInput } from '../common/domain-error';
import { HistoryQueryDto, RecordHistoryQueryDto } from './dto/history-query.dto';
import { HistoryItemView, toHistoryItem } from './history.mapper';
import { normaliseInstant } from './instant';
import { JournalFilter, JournalRepository } from './journal.repository';
import { JournalEntryEntity } from './journal-entry.entity';

/** Above this many matches the total is reported as a lower bound: a page never costs a full count. */
export const HISTORY_COUNT_CAP = 10_000;

export interface HistoryPage {
  items: HistoryItemView[];
  /** Matching rows; a lower bound (HISTORY_COUNT_CAP) when `totalExact` is false. */
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
}

@Injectable()
export class HistoryService {
  constructor(private readonly journal: JournalRepository) {}

  /**
   * One record's history (a case's rows include its evidence events), paged when asked, or
   * whole, oldest first, as an array when not.
   */
  async ofRecord(entity: 'case' | 'cycle', id: string, query: RecordHistoryQueryDto): Promise<HistoryPage | HistoryItemView[]> {
    if (query.page === undefined && query.pageSize === undefined && query.order === undefined) {
      return (await this.journal.search({ entityType: entity, entityId: id }, 'asc', Number.MAX_SAFE_INTEGER, 0)).map((row) => toHistoryItem(row as unknown as JournalEntryEntity));
    }
    return this.search({ entity, entityId: id, page: query.page, pageSize: query.pageSize, order: query.order });
  }

  /** The journal filter a query names, with its instants normalised and its range checked. */
  static filterOf(query: Omit<HistoryQueryDto, 'page' | 'pageSize' | 'order'>): JournalFilter {
    const filter: JournalFilter = {
      entityType: query.entity,
      entityId: query.entityId,
      actor: query.actor,
      event: query.event,
      from: query.from === undefined ? undefined : normaliseInstant(query.from, 'from'),
      to: query.to === undefined ? undefined : normaliseInstant(query.to, 'to'),
    };
    if (filter.from && filter.to && filter.from > filter.to) throw invalidInput('INVALID_RANGE', 'from must not be after to', { fields: ['from'] });
    return filter;
  }

  async search(query: HistoryQueryDto): Promise<HistoryPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const filter = HistoryService.filterOf(query);
    const filtered = Object.values(filter).some((value) => value !== undefined);
    const [rows, total] = await Promise.all([
      this.journal.search(filter, query.order ?? 'asc', pageSize, (page - 1) * pageSize),
      // Unfiltered, the gapless seq is the count; filtered, count only up to the cap.
      filtered ? this.journal.countUpTo(filter, HISTORY_COUNT_CAP) : this.journal.head().then((head) => head.headSeq),
    ]);
    const capped = filtered && total > HISTORY_COUNT_CAP;
    return {
      items: rows.map((row) => toHistoryItem(row as unknown as JournalEntryEntity)),
      total: capped ? HISTORY_COUNT_CAP : total,
      totalExact: !capped,
      page,
      pageSize,
    };
  }
}
