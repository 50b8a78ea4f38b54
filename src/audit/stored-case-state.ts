import type { CaseAsOf, EvidenceAsOf } from './as-of-reducer';

/** A stored state of a case, read: its own fields, and each evidence item still as its JSON text. */
export interface StoredCaseState {
  header: Omit<CaseAsOf, 'evidence'>;
  /** In the fold's order (first journalled first): the item's id, and its JSON, parsed only when read. */
  items: ReadonlyArray<readonly [id: string, json: string]>;
}

// Text of a stored state: the case's fields on the first line, then one line per evidence item,
// `"id"<TAB>{item}`. JSON text never holds a raw newline or tab, so splitting is safe, and costs
// about 1 ms at 10,000 items where parsing the whole state cost about 55 ms: an as-of view parses
// only the items it shows and the ones later rows change.
export function encodeCaseState(header: Omit<CaseAsOf, 'evidence'>, items: Iterable<readonly [string, EvidenceAsOf | string]>): string {
  const lines = [JSON.stringify(header)];
  for (const [id, item] of items) lines.push(`${JSON.stringify(id)}\t${typeof item === 'string' ? item : JSON.stringify(item)}`);
  return lines.join('\n');
}

/** Reads either form: the line form above, or one JSON document with an `evidence` array (states stored before it). */
export function decodeCaseState(text: string): StoredCaseState {
  const lines = text.split('\n');
  const { evidence, ...header } = JSON.parse(lines[0]) as CaseAsOf;
  if (lines.length === 1 && Array.isArray(evidence)) return { header, items: evidence.map((item) => [item.id, JSON.stringify(item)] as const) };
  const items = lines.slice(1).map((line) => {
    const tab = line.indexOf('\t');
    if (tab < 0) throw new SyntaxError('stored evidence line without its id');
    return [JSON.parse(line.slice(0, tab)) as string, line.slice(tab + 1)] as const;
  });
  return { header, items };
}

/** The whole state, every item parsed: for checking a stored state against the journal. */
export function parseCaseState(text: string): CaseAsOf {
  const { header, items } = decodeCaseState(text);
  return { ...header, evidence: items.map(([, json]) => JSON.parse(json) as EvidenceAsOf) };
}
