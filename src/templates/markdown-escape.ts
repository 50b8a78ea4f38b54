// Characters with meaning in CommonMark (and HTML inside it); escaped with a backslash or as entities.
const MARKDOWN_SPECIALS = /[\\`*_{}[\]()#+\-.!|>~=]/g;

/** Escapes user text for Markdown output: no markup, links, HTML or table breaks survive. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MARKDOWN_SPECIALS, (ch) => (ch === '>' ? '&gt;' : `\\${ch}`))
    .replace(/\r?\n/g, ' ');
}

/** Deep copy of a view model with every string escaped for Markdown. */
export function escapeViewForMarkdown<T>(value: T): T {
  if (typeof value === 'string') return escapeMarkdown(value) as T;
  if (Array.isArray(value)) return value.map((item) => escapeViewForMarkdown(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, escapeViewForMarkdown(v)])) as T;
  }
  return value;
}
