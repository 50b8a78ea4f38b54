import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import { escapeViewForMarkdown } from './markdown-escape';

export const TEMPLATE_DIR = path.resolve(__dirname, '..', '..', 'templates');

export class TemplateError extends Error {}

type Compiled = Handlebars.TemplateDelegate;

/**
 * Compiles every template under templates/ once, at start-up, in strict mode: a
 * field missing from the view model throws instead of rendering blank. Names are paths
 * without `.hbs` (`documents/decision-memo.html`, `pages/case`). `*.md.hbs` templates
 * get a copy of the view model with every string escaped for Markdown; everything else
 * is HTML-escaped by Handlebars. Files under `partials/` are partials by their path
 * (`partials/money-panel.hbs` -> `{{> money-panel}}`); under `layouts/`, layouts that
 * receive the rendered page as `body`.
 */
export class TemplateEngine {
  private readonly handlebars = Handlebars.create();
  private readonly templates = new Map<string, Compiled>();

  constructor(private readonly dir: string = TEMPLATE_DIR, helpers: Record<string, Handlebars.HelperDelegate> = {}) {
    for (const [name, helper] of Object.entries(helpers)) this.handlebars.registerHelper(name, helper);
    for (const file of this.walk(dir)) {
      const name = path.relative(dir, file).replace(/\\/g, '/').replace(/\.hbs$/, '');
      const source = fs.readFileSync(file, 'utf8');
      if (name.startsWith('partials/')) {
        this.handlebars.registerPartial(name.slice('partials/'.length), source);
        continue;
      }
      try {
        const compiled = this.handlebars.compile(source, { strict: true, noEscape: name.endsWith('.md') });
        this.templates.set(name, compiled);
      } catch (error) {
        throw new TemplateError(`Template ${file}: ${(error as Error).message}`);
      }
    }
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  render(name: string, view: object, layout?: string): string {
    const template = this.templates.get(name);
    if (!template) throw new TemplateError(`No template named '${name}'`);
    const model = name.endsWith('.md') ? escapeViewForMarkdown(view) : view;
    const body = template(model);
    if (!layout) return body;
    const wrap = this.templates.get(`layouts/${layout}`);
    if (!wrap) throw new TemplateError(`No layout named '${layout}'`);
    return wrap({ ...model, body: new Handlebars.SafeString(body) });
  }

  private walk(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return this.walk(full);
      return entry.name.endsWith('.hbs') ? [full] : [];
    });
  }
}
