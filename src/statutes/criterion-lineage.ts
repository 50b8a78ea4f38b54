import { wordDiff, WordDiff } from '../common/word-diff';

// Year-over-year comparison of provisions, over the catalog v2 shape: a criterion's `family`
// stays the same across fiscal years, a provision names its `predecessor`. Pure: the
// statutes come in as arguments, from the loaded catalog or a pinned version.

export interface LineageCriterion {
  code: string;
  family: string;
  title: string;
  text: string;
  textStatus: string;
  citation: string;
}

export interface LineageStatute {
  id: string;
  fiscalYears: number[];
  predecessor?: string | null;
  citation?: string;
  amends?: ReadonlyArray<LineageAmendment>;
  tranches: ReadonlyArray<{ code: string; criteria: ReadonlyArray<LineageCriterion> }>;
}

export interface LineageAmendment {
  fiscalYears: number[];
  effect: string;
  textStatus: string;
  citation: string;
}

export interface PlacedCriterion extends LineageCriterion {
  tranche: string;
}

export interface FamilyPair {
  family: string;
  from: PlacedCriterion;
  to: PlacedCriterion;
  diff: WordDiff;
}

export interface CriteriaDiff {
  /** Families present on both sides, in the later provision's statutory order. */
  pairs: FamilyPair[];
  /** In `to` only (new requirements), in statutory order. */
  added: PlacedCriterion[];
  /** In `from` only (dropped requirements), in statutory order. */
  removed: PlacedCriterion[];
}

/** Every criterion of a provision with its tranche, in statutory order. */
export function criteriaOf(statute: LineageStatute): PlacedCriterion[] {
  return statute.tranches.flatMap((tranche) => tranche.criteria.map((criterion) => ({ ...pick(criterion), tranche: tranche.code })));
}

// Only the fields the comparison is about: catalog notes and the like stay out of the answer.
const pick = ({ code, family, title, text, textStatus, citation }: LineageCriterion): LineageCriterion => ({ code, family, title, text, textStatus, citation });

/** Pairs the criteria of two provisions by family and diffs each pair's text word by word. */
export function diffCriteria(from: LineageStatute, to: LineageStatute): CriteriaDiff {
  const earlier = criteriaOf(from);
  const later = criteriaOf(to);
  // A family appearing twice on one side (two tranches on the same requirement) pairs in order.
  const unpaired = new Map<string, PlacedCriterion[]>();
  for (const criterion of earlier) unpaired.set(criterion.family, [...(unpaired.get(criterion.family) ?? []), criterion]);
  const pairs: FamilyPair[] = [];
  const added: PlacedCriterion[] = [];
  for (const criterion of later) {
    const match = unpaired.get(criterion.family)?.shift();
    if (match) pairs.push({ family: criterion.family, from: match, to: criterion, diff: wordDiff(match.text, criterion.text) });
    else added.push(criterion);
  }
  const left = new Set([...unpaired.values()].flat());
  return { pairs, added, removed: earlier.filter((criterion) => left.has(criterion)) };
}

export interface EarlierText {
  statute: LineageStatute;
  criterion: PlacedCriterion;
  diff: WordDiff;
}

/**
 * The same family's text in the nearest earlier provision of the lineage (following
 * `predecessor` links), diffed against `text`; null when no earlier provision has the family.
 */
export function earlierText(statutes: ReadonlyMap<string, LineageStatute>, statute: LineageStatute, family: string, text: string): EarlierText | null {
  const seen = new Set<string>([statute.id]);
  let current = statute.predecessor ? statutes.get(statute.predecessor) : undefined;
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    const criterion = criteriaOf(current).find((c) => c.family === family);
    if (criterion) return { statute: current, criterion, diff: wordDiff(criterion.text, text) };
    current = current.predecessor ? statutes.get(current.predecessor) : undefined;
  }
  return null;
}

/** `FY2022`, or `FY2022-FY2023` for a provision governing several years' funds. */
export function fiscalYearLabel(statute: Pick<LineageStatute, 'fiscalYears'>): string {
  const years = [...statute.fiscalYears].sort((a, b) => a - b);
  if (years.length === 0) return 'undated';
  return years.length === 1 ? `FY${years[0]}` : `FY${years[0]}-FY${years[years.length - 1]}`;
}

/** Every provision linked to `id` through predecessor links, either way, oldest fiscal year first. */
export function lineageOf<S extends LineageStatute>(statutes: ReadonlyMap<string, S>, id: string): S[] {
  const successors = new Map<string, string[]>();
  for (const s of statutes.values()) if (s.predecessor) successors.set(s.predecessor, [...(successors.get(s.predecessor) ?? []), s.id]);
  const found = new Map<string, S>();
  const queue = [id];
  while (queue.length) {
    const next = statutes.get(queue.pop()!);
    if (!next || found.has(next.id)) continue;
    found.set(next.id, next);
    if (next.predecessor) queue.push(next.predecessor);
    queue.push(...(successors.get(next.id) ?? []));
  }
  const first = (s: S) => Math.min(...s.fiscalYears);
  return [...found.values()].sort((a, b) => first(a) - first(b) || a.id.localeCompare(b.id));
}

export interface AffectingAmendment extends LineageAmendment {
  statuteId: string;
}

/**
 * Changes that provisions of the same lineage make to the conditions on `fiscalYear`'s funds
 * ("notwithstanding" an earlier act): a cycle of those funds is decided under them.
 */
export function amendmentsAffecting(statutes: ReadonlyMap<string, LineageStatute>, statuteId: string, fiscalYear: number): AffectingAmendment[] {
  return lineageOf(statutes, statuteId).flatMap((s) =>
    (s.amends ?? []).filter((a) => a.fiscalYears.includes(fiscalYear)).map((a) => ({ statuteId: s.id, fiscalYears: [...a.fiscalYears], effect: a.effect, textStatus: a.textStatus, citation: a.citation })),
  );
}
