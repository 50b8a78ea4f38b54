import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config/app-config';
import { DocumentsService } from '../documents/documents.service';
import { DOCUMENT_FORMATS, DocumentFormat } from '../documents/dto/document-query.dto';
import { parseArgs } from './cli-args';
import { commandContext } from './cli-context';
import { failCommand } from './fail-command';

const USAGE = 'Usage: npm run render -- --cycle MX-FY2014 --doc memo|report [--format html|md|docx|pdf] [--out FILE]';

// Writes a cycle's stored memo, or its report (final once transmitted, else a draft), to a file or stdout.
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const format = (args.format ?? 'html') as DocumentFormat;
  if (!args.cycle || !['memo', 'report'].includes(args.doc) || !DOCUMENT_FORMATS.includes(format)) throw new Error(USAGE);
  if ((format === 'pdf' || format === 'docx') && !args.out) throw new Error(`${format.toUpperCase()} goes to a file: add --out FILE. ${USAGE}`);
  const app = await commandContext(loadConfig());
  try {
    const documents = app.get(DocumentsService);
    const rendered = args.doc === 'memo' ? await documents.memo(args.cycle, format) : await documents.report(args.cycle, format);
    if (args.out) {
      fs.writeFileSync(path.resolve(args.out), rendered.body);
      console.error(`Wrote ${rendered.body.length} bytes (${rendered.contentType}) to ${path.resolve(args.out)}`);
    } else {
      process.stdout.write(rendered.body);
    }
  } finally {
    await app.close();
  }
}

main().catch(failCommand('render'));
