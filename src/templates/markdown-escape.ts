// Markdown output is meant to read as plain text, so user text is escaped only where a character
// would change the rendering (CommonMark, plus the GFM tables our documents use). Any value may land
// at the start of a line or in a table cell, so line-start markers at its start and `|` are escaped.

/** Characters that open or close inline markup anywhere in a line. */
const INLINE = /[\\`*_[\]<&|]/g;
/** A block marker at the start of a value: heading, quote, list item, setext/thematic line, fence. */
const LINE_START = /^(\s*)(#|>|[-+=~]|\d{1,9}(?=[.)]))/;

function escapeInline(ch: string, offset: number, text: string): string {
  const before = text[offset - 1] ?? ' ';
  const after = text[offset + 1] ?? ' ';
  switch (ch) {
    // A backslash is literal unless it precedes ASCII punctuation.
    case '\\':
      return /[!-/:-@[-`{-~]/.test(after) ? '\\\\' : '\\';
    // `_` between letters or digits never opens emphasis (snake_case stays as written).
    case '_':
      return /[\p{L}\p{N}]/u.test(before) && /[\p{L}\p{N}]/u.test(after) ? '_' : '\\_';
    // `<` opens HTML or an autolink only before a letter, `/`, `!` or `?`.
    case '<':
      return /[A-Za-z/!?]/.test(after) ? '\\<' : '<';
    // `&` matters only where it would start an entity such as `&amp;` or `&#60;`.
    case '&':
      return /^&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/.test(text.slice(offset)) ? '\\&' : '&';
    default:
      return `\\${ch}`;
  }
}

/** Escapes user text for Markdown: no markup, link, HTML or table break survives; `.` and `-` mid-sentence stay as written. */
export function escapeMarkdown(text: string): string {
  const folded = text.replace(/\s*\r?\n\s*/g, ' ');
  const inline = folded.replace(INLINE, escapeInline);
  const start = LINE_START.exec(inline);
  if (!start) return inline;
  const [, indent, marker] = start;
  // A numbered-list marker is `1.`; escaping its punctuation keeps the number readable.
  if (/^\d/.test(marker)) return `${indent}${marker}\\${inline.slice(indent.length + marker.length)}`;
  return `${indent}\\${inline.slice(indent.length)}`;
}

/**
 * A URL for a CommonMark autolink `<…>`: no escapes apply inside one, so characters it cannot
 * hold (space, `<`, `>`, controls) are percent-encoded instead.
 */
export function markdownUrl(url: string): string {
  return url.replace(/[\s<>\u0000-\u001f\u007f]/g, (ch) => encodeURIComponent(ch));
}

/**
 * Deep copy of a view model with every string escaped for Markdown. Fields named `url` are
 * link targets (already checked to be http(s) by the view model) and become autolink-safe.
 */
export function escapeViewForMarkdown<T>(value: T, key?: string): T {
  if (typeof value === 'string') return (key === 'url' ? markdownUrl(value) : escapeMarkdown(value)) as T;
  if (Array.isArray(value)) return value.map((item) => escapeViewForMarkdown(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, escapeViewForMarkdown(v, k)])) as T;
  }
  return value;
}
