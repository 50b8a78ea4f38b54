import { WordRun, wordDiff } from '../common/word-diff';

// What a refused form shows: each field's message beside the field (the input points at it
// with aria-describedby), and a summary on top that links to each field; and, when the
// record changed under the form, both versions side by side for the person to choose.

export interface FieldError {
  /** The id of the message element: `${inputId}-error`. */
  id: string;
  message: string;
}

export interface FormErrors {
  shown: boolean;
  /** One link per refused field, in the form's order. */
  summary: Array<{ href: string; message: string }>;
  /** The service's message when no single field is at fault (a workflow rule, a clash). */
  message: string | null;
  field: Record<string, FieldError | null>;
}

/**
 * `inputIds` maps each field name of the form to its input's id, in the form's order.
 * `fieldMessages` are the per-field messages of the validation (formToDto's details).
 */
export function formErrors(inputIds: Record<string, string>, error: string | null, fieldMessages: Record<string, string> = {}): FormErrors {
  const field: Record<string, FieldError | null> = {};
  const summary: FormErrors['summary'] = [];
  for (const [name, inputId] of Object.entries(inputIds)) {
    const message = error !== null ? fieldMessages[name] : undefined;
    field[name] = message ? { id: `${inputId}-error`, message } : null;
    if (message) summary.push({ href: `#${inputId}`, message });
  }
  return { shown: error !== null, summary, message: error !== null && summary.length === 0 ? error : null, field };
}

/** Per-field messages of a refusal's details: the validation's own, or the message itself for the one field it names. */
export function fieldMessagesOf(details: Record<string, unknown>, message: string): Record<string, string> {
  if (details.fieldMessages && typeof details.fieldMessages === 'object') return details.fieldMessages as Record<string, string>;
  const fields = Array.isArray(details.fields) ? (details.fields as string[]) : [];
  return fields.length === 1 ? { [fields[0]]: message } : {};
}

/** One row of a side-by-side comparison: the left text with its removed words marked, the right with its added words. */
export interface SideBySideRow {
  label: string;
  changed: boolean;
  left: WordRun[];
  right: WordRun[];
  /** For screen readers: what changed, in words. */
  summary: string;
}

export function sideBySideRow(label: string, left: string, right: string): SideBySideRow {
  const diff = wordDiff(left, right);
  return {
    label,
    changed: diff.changed || left !== right,
    left: diff.runs.filter((run) => run.kind !== 'inserted'),
    right: diff.runs.filter((run) => run.kind !== 'deleted'),
    summary: diff.changed ? diff.summary : left === right ? 'is the same' : 'changes only the spacing',
  };
}

/**
 * A version clash: the form was filled from an older version of the record. The person sees
 * the current version ("theirs") beside what they typed ("mine") and chooses: keep mine (the
 * hidden form saves their text over the current version, on purpose), keep theirs (drop the
 * typed text), or edit (the form below, filled with their text, against the current version).
 */
export interface ClashView {
  theirsHeading: string;
  rows: SideBySideRow[];
  keepMine: { action: string; fields: Array<{ name: string; value: string }>; label: string };
  keepTheirsUrl: string;
  editHref: string;
}

export function clashView(input: {
  theirsHeading: string;
  fields: Array<{ label: string; theirs: string; mine: string }>;
  keepMine: ClashView['keepMine'];
  keepTheirsUrl: string;
  editHref: string;
}): ClashView {
  return {
    theirsHeading: input.theirsHeading,
    rows: input.fields.map((f) => sideBySideRow(f.label, f.theirs, f.mine)),
    keepMine: input.keepMine,
    keepTheirsUrl: input.keepTheirsUrl,
    editHref: input.editHref,
  };
}
