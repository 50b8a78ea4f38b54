import JSZip from 'jszip';
import mammoth from 'mammoth';

// Reads a .docx with tools independent of the one that wrote it: mammoth for the body's structure
// (headings, tables, footnotes), and the package's own XML parts for headers, footers and properties.
export interface DocxContents {
  /** mammoth's HTML of the body, footnotes appended as `<li id="footnote-N">`. */
  html: string;
  text: string;
  headers: string[];
  footers: string[];
  core: string;
}

const xmlText = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

export async function readDocx(buffer: Buffer): Promise<DocxContents> {
  const zip = await JSZip.loadAsync(buffer);
  const parts = (prefix: string) => Promise.all(Object.keys(zip.files).filter((name) => name.startsWith(`word/${prefix}`)).map((name) => zip.file(name)!.async('string')));
  const [{ value: html }, { value: text }, headers, footers, core] = await Promise.all([
    mammoth.convertToHtml({ buffer }),
    mammoth.extractRawText({ buffer }),
    parts('header'),
    parts('footer'),
    zip.file('docProps/core.xml')!.async('string'),
  ]);
    // Page fields are written as `PAGE` and `NUMPAGES` field codes: shown here as {PAGE} and {NUMPAGES}.
  const fields = (xml: string) => `${/\bPAGE\b/.test(xml) ? ' {PAGE}' : ''}${/\bNUMPAGES\b/.test(xml) ? ' {NUMPAGES}' : ''}`;
  return { html, text, headers: headers.map(xmlText), footers: footers.map((xml) => `${xmlText(xml)}${fields(xml)}`), core };
}
