import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TemplateEngine } from './template-engine';

function engineWith(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpl-'));
  for (const [name, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), source);
  }
  return new TemplateEngine(dir);
}

describe('TemplateEngine', () => {
  const engine = engineWith({
    'doc.html.hbs': '<h1>{{title}}</h1>{{> note}}',
    'doc.md.hbs': '# {{title}}\n[{{title}}]({{url}})',
    'partials/note.hbs': '<p>{{note}}</p>',
    'layouts/page.hbs': '<main>{{body}}</main><footer>{{title}}</footer>',
  });

  it('escapes user text in HTML and renders partials and layouts', () => {
    const html = engine.render('doc.html', { title: '<script>alert(1)</script>', note: 'a & b' }, 'page');
    expect(html).toBe('<main><h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1><p>a &amp; b</p></main><footer>&lt;script&gt;alert(1)&lt;/script&gt;</footer>');
  });

  it('escapes user text in Markdown only where it would change the rendering', () => {
    const md = engine.render('doc.md', { title: '*x* [y](javascript:z) <b> Pub. L. 113-76, $5.00', url: 'https://e.org/a_(b) c' });
    expect(md).toBe('# \\*x\\* \\[y\\](javascript:z) \\<b> Pub. L. 113-76, $5.00\n[\\*x\\* \\[y\\](javascript:z) \\<b> Pub. L. 113-76, $5.00](https://e.org/a_(b)%20c)');
  });

  it('throws on a field missing from the view model instead of rendering blank', () => {
    expect(() => engine.render('doc.html', { title: 'x' })).toThrow(/"note" not defined/);
  });
});
