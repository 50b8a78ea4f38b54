import { Injectable } from '@nestjs/common';
import type { WordDiff } from '../common/word-diff';
import type { Statute } from './statute-catalog';
import { StatutesService } from './statutes.service';
import {
  AffectingAmendment, amendmentsAffecting, CriteriaDiff, diffCriteria, earlierText, EarlierText, fiscalYearLabel, lineageOf, PlacedCriterion,
} from './criterion-lineage';

export interface StatuteRef {
  id: string;
  title: string;
  citation: string;
  fiscalYears: number[];
  fiscalYearLabel: string;
}

type DiffView = Pick<WordDiff, 'changed' | 'inserted' | 'deleted' | 'summary' | 'runs'>;

export interface StatuteDiffView {
  from: StatuteRef;
  to: StatuteRef;
  pairs: Array<{ family: string; from: PlacedCriterion; to: PlacedCriterion; diff: DiffView }>;
  added: PlacedCriterion[];
  removed: PlacedCriterion[];
}

export const statuteRef = (s: Statute): StatuteRef => ({ id: s.id, title: s.title, citation: s.citation, fiscalYears: [...s.fiscalYears], fiscalYearLabel: fiscalYearLabel(s) });

/** Year-over-year questions about the catalog as loaded now: what changed, what came before. */
@Injectable()
export class StatuteLineageService {
  constructor(private readonly statutes: StatutesService) {}

  /** `id` compared with `against`: criteria paired by family, each pair's wording diffed word by word. */
  diff(id: string, against: string): StatuteDiffView {
    const to = this.statutes.get(id);
    const from = this.statutes.get(against);
    const result: CriteriaDiff = diffCriteria(from, to);
    return { from: statuteRef(from), to: statuteRef(to), ...result };
  }

  /** The same family's wording in the nearest earlier provision of the lineage, diffed against `text`. */
  earlierText(statute: Statute, family: string, text: string): (EarlierText & { ref: StatuteRef }) | null {
    const found = earlierText(this.catalog(), statute, family, text);
    return found ? { ...found, ref: statuteRef(found.statute as Statute) } : null;
  }

  /** The provisions linked to `id` by predecessor links, oldest first. */
  lineage(id: string): Statute[] {
    this.statutes.get(id);
    return lineageOf(this.catalog(), id);
  }

  /** Changes later acts of the lineage make to the conditions on `fiscalYear`'s funds. */
  amendmentsAffecting(statuteId: string, fiscalYear: number): Array<AffectingAmendment & { act: StatuteRef }> {
    return amendmentsAffecting(this.catalog(), statuteId, fiscalYear).map((a) => ({ ...a, act: statuteRef(this.statutes.get(a.statuteId)) }));
  }

  private catalog(): Map<string, Statute> {
    return new Map(this.statutes.list().map((s) => [s.id, s]));
  }
}
