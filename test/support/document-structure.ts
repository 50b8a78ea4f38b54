import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import MarkdownIt from 'markdown-it';
import markdownlint from 'markdownlint';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The structure a reader relies on, read back from a rendered HTML document and from its
// Markdown twin (rendered by CommonMark markdown-it), so the two can be compared.
export interface DocumentStructure {
  headings: string[];
  /** Each table's rows (header rows included), each row its cells' text; layout tables left out. */
  tables: string[][][];
  /** The items of the Notes section's numbered list. */
  notes: string[];
}

const text = (node: Element) => DomUtils.textContent(node).replace(/\s+/g, ' ').trim();

export function htmlStructure(html: string): DocumentStructure {
  const root = parseDocument(html);
  const main = DomUtils.findOne((e) => e.name === 'main', root.children) ?? root;
  const headings = DomUtils.findAll((e) => /^h[1-6]$/.test(e.name), [main]).map(text);
  const tables = DomUtils.findAll((e) => e.name === 'table' && e.attribs.role !== 'presentation', [main]).map((table) =>
    DomUtils.findAll((e) => e.name === 'tr', [table]).map((tr) => DomUtils.findAll((e) => e.name === 'td' || e.name === 'th', [tr]).map(text)),
  );
  return { headings, tables, notes: notesOf(main) };
}

function notesOf(main: Element | ReturnType<typeof parseDocument>): string[] {
  const heading = DomUtils.findOne((e) => /^h[1-6]$/.test(e.name) && text(e) === 'Notes', [main as Element]);
  if (!heading) return [];
  // The first ordered list after the Notes heading, in document order.
  const all = DomUtils.findAll(() => true, [main as Element]);
  const list = all.slice(all.indexOf(heading)).find((e) => e.name === 'ol');
  return list ? DomUtils.findAll((e) => e.name === 'li', [list]).map(text) : [];
}

const commonmark = new MarkdownIt('commonmark').enable('table');

export function markdownToHtml(markdown: string): string {
  return commonmark.render(markdown);
}

export function markdownStructure(markdown: string): DocumentStructure {
  const rendered = markdownToHtml(markdown);
  return htmlStructure(`<main>${rendered}</main>`);
}

const LINT_CONFIG = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '.markdownlint.json'), 'utf8'));

/** markdownlint findings against the checked-in configuration, one line each. */
export function markdownlintFindings(markdown: string): string[] {
  const result = markdownlint.sync({ strings: { document: markdown }, config: LINT_CONFIG });
  return result.document.map((f) => `${f.lineNumber}: ${f.ruleNames.join('/')} ${f.ruleDescription}${f.errorDetail ? ` (${f.errorDetail})` : ''}`);
}

/** The Markdown twin of an HTML document: same headings, tables and notes; clean under markdownlint; plain to read. */
export function expectMarkdownTwin(html: string, md: string): void {
  expect(markdownStructure(md)).toEqual(htmlStructure(html));
  expect(markdownlintFindings(md)).toEqual([]);
  // Reads as text: no escaped full stops or hyphens, no footnote syntax CommonMark does not know.
  expect(md).not.toMatch(/\\[.-]/);
  expect(md).not.toContain('[^');
}
