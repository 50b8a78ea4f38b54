import { diffWords } from 'diff';

// One word-level diff for the whole desk (statute wording across fiscal years, evidence
// revisions): the `diff` package computes it, this module only shapes its output.

export type WordRunKind = 'equal' | 'inserted' | 'deleted';

export interface WordRun {
  kind: WordRunKind;
  text: string;
}

export interface WordDiff {
  changed: boolean;
  /** In reading order; equal runs keep the spacing between words. */
  runs: WordRun[];
  /** Each inserted or deleted stretch of words, trimmed, in reading order. */
  inserted: string[];
  deleted: string[];
  /** A plain-text alternative for readers that cannot see <ins>/<del>: `adds: “…”; removes: “…”`. */
  summary: string;
}

// Line breaks and runs of spaces are layout, not wording: they never count as a change.
const normalise = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();

export function wordDiff(before: string, after: string): WordDiff {
  const runs: WordRun[] = [];
  const push = (kind: WordRunKind, text: string) => {
    if (!text) return;
    const last = runs[runs.length - 1];
    if (last && last.kind === kind) last.text += text;
    else runs.push({ kind, text });
  };
  for (const part of diffWords(normalise(before), normalise(after))) {
    if (!part.added && !part.removed) {
      push('equal', part.value);
      continue;
    }
    // Spaces at the edge of a change belong to the unchanged text: only words are marked.
    const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(part.value)!;
    push('equal', lead);
    push(part.added ? 'inserted' : 'deleted', core);
    push('equal', trail);
  }
  const stretches = (kind: WordRunKind) => runs.filter((run) => run.kind === kind).map((run) => run.text.trim()).filter((text) => text.length > 0);
  const inserted = stretches('inserted');
  const deleted = stretches('deleted');
  return { changed: inserted.length + deleted.length > 0, runs, inserted, deleted, summary: summarise(inserted, deleted) };
}

const quoted = (stretches: string[]) => stretches.map((text) => `“${text}”`).join(', ');

export function summarise(inserted: string[], deleted: string[]): string {
  const parts = [];
  if (inserted.length) parts.push(`adds: ${quoted(inserted)}`);
  if (deleted.length) parts.push(`removes: ${quoted(deleted)}`);
  return parts.length ? parts.join('; ') : 'no change in wording';
}
