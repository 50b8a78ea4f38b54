import {
  AlignmentType, BorderStyle, Document, ExternalHyperlink, Footer, FootnoteReferenceRun, Header, HeadingLevel, Packer, PageNumber,
  Paragraph, ParagraphChild, ShadingType, Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { documentMetadata } from './document-metadata';

// Word output is built from the document's own rendered HTML (our templates use a small, known
// tag set), so every document type the templates produce gets a .docx with no code of its own.
// Mapping: h1-h3 headings, p/blockquote/li paragraphs, tables (layout tables borderless), the
// Notes list's `li#fn-N` items as Word footnotes referenced where `<a href="#fn-N">` stands, the
// `.status-banner` marking in every page's header, "Page N of M" in the footer.

const HEADINGS: Record<string, (typeof HeadingLevel)[keyof typeof HeadingLevel]> = {
  h1: HeadingLevel.HEADING_1, h2: HeadingLevel.HEADING_2, h3: HeadingLevel.HEADING_3, h4: HeadingLevel.HEADING_4,
};
const FOOTNOTE_ID = /^fn-(\d+)$/;
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

interface InlineStyle { bold?: boolean; italics?: boolean; superScript?: boolean; size?: number }

const isElement = (node: ChildNode): node is Element => node.type === 'tag';
const hasClass = (el: Element, name: string) => (el.attribs.class ?? '').split(/\s+/).includes(name);
const squash = (text: string) => text.replace(/\s+/g, ' ');

class DocxBuilder {
  readonly footnotes: Record<string, { children: Paragraph[] }> = {};

  constructor(footnoteItems: Element[]) {
    for (const li of footnoteItems) {
      const id = Number(FOOTNOTE_ID.exec(li.attribs.id)![1]);
      this.footnotes[id] = { children: [new Paragraph({ children: this.inline(li.children, {}) })] };
    }
  }

  blocks(nodes: ChildNode[]): Array<Paragraph | Table> {
    return nodes.flatMap((node) => this.block(node));
  }

  private block(node: ChildNode): Array<Paragraph | Table> {
    if (node.type === 'text') {
      const text = squash(node.data).trim();
      return text ? [new Paragraph({ children: [new TextRun(text)] })] : [];
    }
    if (!isElement(node) || node.attribs['aria-hidden'] === 'true') return [];
    const el = node;
    if (HEADINGS[el.name]) return [new Paragraph({ heading: HEADINGS[el.name], children: this.inline(el.children, {}), keepNext: true })];
    switch (el.name) {
      case 'p':
        if (hasClass(el, 'provenance')) return [new Paragraph({ children: this.inline(el.children, { size: 16 }) })];
        return [new Paragraph({ children: this.inline(el.children, {}), alignment: /text-align:\s*center/.test(el.attribs.style ?? '') ? AlignmentType.CENTER : undefined })];
      case 'blockquote':
        return [new Paragraph({ children: this.inline(el.children, {}), indent: { left: 720, right: 720 } })];
      case 'table':
        return [this.table(el), new Paragraph({})];
      case 'ul':
      case 'ol':
        return this.list(el);
      case 'div':
        if (hasClass(el, 'status-banner')) return [new Paragraph({ children: this.inline(el.children, { bold: true }), alignment: AlignmentType.CENTER })];
        return this.blocks(el.children);
      case 'section':
        // The Notes section whose items all became Word footnotes has nothing left to show.
        if (hasClass(el, 'footnotes') && this.onlyFootnotes(el)) return [];
        return this.blocks(el.children);
      default:
        return this.blocks(el.children);
    }
  }

  private onlyFootnotes(section: Element): boolean {
    const items = DomUtils.findAll((e) => e.name === 'li', section.children);
    return items.length > 0 && items.every((li) => FOOTNOTE_ID.test(li.attribs.id ?? ''));
  }

  private list(el: Element): Paragraph[] {
    const items = el.children.filter(isElement).filter((li) => li.name === 'li');
    return items.map((li, index) => {
      const children = this.inline(li.children, {});
      if (el.name === 'ol') return new Paragraph({ children: [new TextRun(`${index + 1}. `), ...children], indent: { left: 360 } });
      return new Paragraph({ children, bullet: { level: 0 } });
    });
  }

  private table(el: Element): Table {
    const layout = el.attribs.role === 'presentation';
    const caption = DomUtils.findOne((e) => e.name === 'caption', el.children, false);
    const rows = DomUtils.findAll((e) => e.name === 'tr', el.children).map((tr) => {
      const header = tr.parent && (tr.parent as Element).name === 'thead';
      const cells = tr.children.filter(isElement).filter((c) => c.name === 'td' || c.name === 'th');
      return new TableRow({
        tableHeader: !!header,
        cantSplit: true,
        children: cells.map((cell) => new TableCell({
          children: [new Paragraph({ children: this.inline(cell.children, { bold: cell.name === 'th' && !layout }) })],
          shading: cell.name === 'th' && !layout ? { type: ShadingType.CLEAR, fill: 'EEEEEE', color: 'auto' } : undefined,
        })),
      });
    });
    if (caption) {
      const width = Math.max(1, ...DomUtils.findAll((e) => e.name === 'tr', el.children).map((tr) => tr.children.filter(isElement).length));
      rows.unshift(new TableRow({ tableHeader: true, children: [new TableCell({ columnSpan: width, children: [new Paragraph({ children: this.inline(caption.children, { bold: true }) })] })] }));
    }
    const borders = layout ? { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER } : undefined;
    return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE }, borders });
  }

  inline(nodes: ChildNode[], style: InlineStyle): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    nodes.forEach((node, index) => {
      if (node.type === 'text') {
        let text = squash(node.data);
        if (index === 0) text = text.trimStart();
        if (index === nodes.length - 1) text = text.trimEnd();
        if (text) out.push(new TextRun({ text, ...style }));
        return;
      }
      if (!isElement(node)) return;
      const href = node.name === 'a' ? node.attribs.href ?? '' : '';
      const footnote = /^#(fn-\d+)$/.exec(href);
      if (footnote && this.footnotes[Number(footnote[1].slice(3))]) {
        out.push(new FootnoteReferenceRun(Number(footnote[1].slice(3))));
      } else if (node.name === 'sup' && DomUtils.findOne((e) => FOOTNOTE_ID.test((e.attribs.href ?? '').slice(1)), node.children)) {
        out.push(...this.inline(node.children, style));
      } else if (/^https?:\/\//i.test(href)) {
        out.push(new ExternalHyperlink({ link: href, children: [new TextRun({ text: squash(DomUtils.textContent(node)), style: 'Hyperlink', ...style })] }));
      } else if (node.name === 'br') {
        out.push(new TextRun({ break: 1 }));
      } else {
        const next: InlineStyle = { ...style };
        if (node.name === 'strong' || node.name === 'b') next.bold = true;
        if (node.name === 'em' || node.name === 'i' || hasClass(node, 'paraphrase')) next.italics = true;
        if (node.name === 'sup') next.superScript = true;
        out.push(...this.inline(node.children, next));
      }
    });
    return out;
  }
}

/** Builds a .docx from a rendered HTML document of ours. */
export async function renderDocx(html: string): Promise<Buffer> {
  const root = parseDocument(html);
  const meta = documentMetadata(html);
  const main = DomUtils.findOne((e) => e.name === 'main', root.children) ?? DomUtils.findOne((e) => e.name === 'body', root.children);
  const body = main ? main.children : root.children;
  const footnoteItems = DomUtils.findAll((e) => e.name === 'li' && FOOTNOTE_ID.test(e.attribs.id ?? ''), body);
  const builder = new DocxBuilder(footnoteItems);
  const small = { size: 18 };
  const document = new Document({
    title: meta.title,
    subject: meta.subject,
    creator: meta.author,
    description: meta.marking,
    footnotes: builder.footnotes,
    styles: { default: { document: { run: { font: 'Times New Roman', size: 24 } } } },
    sections: [{
      properties: { page: { size: { width: 12240, height: 15840 }, margin: { top: 1080, bottom: 1080, left: 1080, right: 1080 } } },
      headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: meta.marking, bold: true, ...small })] })] }) },
      footers: {
        default: new Footer({
          children: [
            new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: meta.marking, ...small })] }),
            new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], ...small })] }),
          ],
        }),
      },
      children: builder.blocks(body),
    }],
  });
  return Packer.toBuffer(document);
}
