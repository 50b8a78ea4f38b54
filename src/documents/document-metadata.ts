import { DomUtils, parseDocument } from 'htmlparser2';

export interface DocumentMetadata {
  title: string;
  author: string;
  subject: string;
  /** The document's marking (DRAFT, or its transmitted/final line), shown in every page's header and footer. */
  marking: string;
}

/**
 * What the Word and PDF outputs carry as metadata and page marking, read from the rendered HTML
 * itself (`<title>`, `<meta name="author">`, `<meta name="description">`, the `.status-banner`),
 * so a stored document's outputs agree with its HTML whatever its type.
 */
export function documentMetadata(html: string): DocumentMetadata {
  const root = parseDocument(html);
  const text = (el: ReturnType<typeof DomUtils.findOne>) => (el ? DomUtils.textContent(el).replace(/\s+/g, ' ').trim() : '');
  const meta = (name: string) => DomUtils.findOne((e) => e.name === 'meta' && e.attribs.name === name, root.children)?.attribs.content ?? '';
  const banner = DomUtils.findOne((e) => (e.attribs.class ?? '').split(/\s+/).includes('status-banner'), root.children);
  return { title: text(DomUtils.findOne((e) => e.name === 'title', root.children)), author: meta('author'), subject: meta('description'), marking: text(banner) };
}
