import type { WordDiff } from '../common/word-diff';
import type { EarlierText } from '../statutes/criterion-lineage';
import type { StatuteRef } from '../statutes/statute-lineage.service';

// The case page's comparison of the criterion with the same family's wording in the
// previous fiscal year's act, and whether the case was carried forward from that year.

export interface CarriedFacts {
  sourceCaseId: string;
  textUnchanged: boolean;
}

export interface YearOverYearView {
  earlier: { label: string; statuteId: string; citation: string; code: string };
  changed: boolean;
  diff: WordDiff;
  carried: CarriedFacts | null;
}

export function yearOverYearView(found: (EarlierText & { ref: StatuteRef }) | null, carried: CarriedFacts | null): YearOverYearView | null {
  if (!found) return null;
  return {
    earlier: { label: found.ref.fiscalYearLabel, statuteId: found.ref.id, citation: found.criterion.citation, code: found.criterion.code },
    changed: found.diff.changed,
    diff: found.diff,
    carried,
  };
}
