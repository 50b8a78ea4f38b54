import MarkdownIt from 'markdown-it';
import { escapeMarkdown, escapeViewForMarkdown, markdownUrl } from './markdown-escape';

const commonmark = new MarkdownIt('commonmark').enable('table');
const inline = (text: string) => commonmark.renderInline(escapeMarkdown(text));
const block = (text: string) => commonmark.render(escapeMarkdown(text));

describe('escapeMarkdown', () => {
  it('leaves ordinary prose as written', () => {
    for (const text of ['Pub. L. 113-76, $5,000,000.00 (42%)', 'AT&T said: a < b and c > d.', 'snake_case and C:\\path', 'Section 7045(e)(1)(A)!']) {
      expect(escapeMarkdown(text)).toBe(text);
    }
  });

  it('escapes what would become markup, and it renders back to the same text', () => {
    const cases: Array<[string, string]> = [
      ['*bold* _em_ `code`', '\\*bold\\* \\_em\\_ \\`code\\`'],
      ['[x](javascript:y) <img src=x> &amp;', '\\[x\\](javascript:y) \\<img src=x> \\&amp;'],
      ['a | b \\* c', 'a \\| b \\\\\\* c'],
      ['# heading', '\\# heading'],
      ['> quote', '\\> quote'],
      ['- item', '\\- item'],
      ['1. item', '1\\. item'],
      ['2) item', '2\\) item'],
      ['line one\nline two', 'line one line two'],
    ];
    for (const [text, escaped] of cases) {
      expect(escapeMarkdown(text)).toBe(escaped);
      const expected = text.replace(/\n/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      expect(block(text).trim()).toBe(`<p>${expected}</p>`);
    }
  });

  it('keeps a table cell one cell', () => {
    const cell = escapeMarkdown('a | b\nc');
    const html = commonmark.render(`| h |\n|---|\n| ${cell} |\n`);
    expect(html).toContain('<td>a | b c</td>');
  });

  it('makes URLs autolink whole', () => {
    expect(commonmark.renderInline(`<${markdownUrl('https://example.org/a_b-c.d?q=1&r=(2)')}>`)).toBe(
      '<a href="https://example.org/a_b-c.d?q=1&amp;r=(2)">https://example.org/a_b-c.d?q=1&amp;r=(2)</a>',
    );
    expect(markdownUrl('https://e.org/a b<c>')).toBe('https://e.org/a%20b%3Cc%3E');
  });

  it('treats fields named url as link targets and escapes every other string', () => {
    expect(escapeViewForMarkdown({ title: '*t*', notes: [{ url: 'https://e.org/*x*', title: '_y_' }] })).toEqual({
      title: '\\*t\\*',
      notes: [{ url: 'https://e.org/*x*', title: '\\_y\\_' }],
    });
    expect(inline('*x*')).toBe('*x*');
  });
});
