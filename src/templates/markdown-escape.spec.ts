import { escapeMarkdown, escapeViewForMarkdown } from './markdown-escape';

describe('Markdown escaping', () => {
  it('writes & < > as entities, so no HTML or entity survives', () => {
    expect(escapeMarkdown('Smith & Sons')).toBe('Smith &amp; Sons');
    expect(escapeMarkdown('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
    expect(escapeMarkdown('<script>a</script>')).toBe('&lt;script&gt;a&lt;/script&gt;');
    expect(escapeMarkdown('> quoted')).toBe('&gt; quoted');
  });

  it('joins lines, so user text cannot start a heading, list or table row', () => {
    expect(escapeMarkdown('one\ntwo')).toBe('one two');
    expect(escapeMarkdown('one\r\ntwo\n\nthree')).toBe('one two  three');
    expect(escapeMarkdown('a\n# heading')).toBe('a \\# heading');
  });

  it('backslash-escapes every CommonMark special character', () => {
    for (const ch of '\\`*_{}[]()#+-.!|~=') expect(escapeMarkdown(`x${ch}y`)).toBe(`x\\${ch}y`);
    expect(escapeMarkdown('[link](http://evil)')).toBe('\\[link\\]\\(http://evil\\)');
    expect(escapeMarkdown('plain words 123')).toBe('plain words 123');
  });

  it('escapes every string of a view model, deep, and leaves other values', () => {
    const view = { title: '*bold*', n: 3, ok: true, none: null, list: ['a & b', { deep: 'x\ny' }] };
    expect(escapeViewForMarkdown(view)).toEqual({ title: '\\*bold\\*', n: 3, ok: true, none: null, list: ['a &amp; b', { deep: 'x y' }] });
    expect(view.title).toBe('*bold*');
  });
});
