import * as fs from 'node:fs';
import * as path from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { CatalogCriterion, CatalogRecipient, CatalogStatute, CatalogTranche } from './statute-catalog.schema';

export class CatalogError extends Error {}

export type Statute = CatalogStatute;
export type Tranche = CatalogTranche;
export type Criterion = CatalogCriterion;
export type Recipient = CatalogRecipient;

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `field '${field}': ${message}`);
    return [...own, ...describe(error.children ?? [], field)];
  });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first string anywhere in the value that is not well-formed Unicode in NFC, with its path. */
function badText(value: unknown, at = ''): string | null {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value) || value.includes('\u0000')) return `field '${at}': not well-formed Unicode`;
    if (value.normalize('NFC') !== value) return `field '${at}': not in Unicode NFC`;
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = badText(value[i], `${at}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = badText(item, at ? `${at}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/** Rules across fields that decorators cannot state: one share kind, unique codes. */
function crossFieldProblem(statute: Statute): string | null {
  const recipients = new Set<string>();
  for (const [i, recipient] of statute.recipients.entries()) {
    if (recipients.has(recipient.code)) return `field 'recipients[${i}].code': duplicate recipient ${recipient.code}`;
    recipients.add(recipient.code);
  }
  const tranches = new Set<string>();
  const criteria = new Set<string>();
  for (const [i, tranche] of statute.tranches.entries()) {
    if (tranches.has(tranche.code)) return `field 'tranches[${i}].code': duplicate tranche ${tranche.code}`;
    tranches.add(tranche.code);
    const kinds = [tranche.share.percent, tranche.share.amountCents].filter((v) => v !== undefined).length;
    if (kinds !== 1) return `field 'tranches[${i}].share': exactly one of percent or amountCents`;
    for (const [j, criterion] of tranche.criteria.entries()) {
      if (criteria.has(criterion.code)) return `field 'tranches[${i}].criteria[${j}].code': duplicate code ${criterion.code}`;
      criteria.add(criterion.code);
    }
  }
  return null;
}

/** Validates one parsed catalog entry; the error names the source and the field. */
export function validateStatute(raw: unknown, source: string): Statute {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CatalogError(`Statute catalog ${source}: expected one JSON object`);
  const text = badText(raw);
  if (text) throw new CatalogError(`Statute catalog ${source}: ${text}`);
  const statute = plainToInstance(CatalogStatute, raw);
  const errors = validateSync(statute, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new CatalogError(`Statute catalog ${source}: ${describe(errors)[0]}`);
  const problem = crossFieldProblem(statute);
  if (problem) throw new CatalogError(`Statute catalog ${source}: ${problem}`);
  return statute;
}

/** Reads and validates one catalog file; the error names the file and the field. */
export function parseStatuteFile(file: string): Statute {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CatalogError(`Statute catalog ${file}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  return validateStatute(raw, file);
}

/** The whole catalog: every `*.json` in the folder, ids and criterion codes unique across files, predecessors present. */
export function loadStatuteCatalog(dir: string): Statute[] {
  if (!fs.existsSync(dir)) throw new CatalogError(`Statute catalog folder ${dir} does not exist`);
  const files = fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  if (files.length === 0) throw new CatalogError(`Statute catalog folder ${dir} holds no .json file`);
  const statutes = files.map((name) => parseStatuteFile(path.join(dir, name)));
  const ids = new Map<string, string>();
  const codes = new Map<string, string>();
  statutes.forEach((statute, i) => {
    const file = path.join(dir, files[i]);
    if (ids.has(statute.id)) throw new CatalogError(`Statute catalog ${file}: field 'id': ${statute.id} already used by ${ids.get(statute.id)}`);
    ids.set(statute.id, file);
    for (const criterion of allCriteria(statute)) {
      if (codes.has(criterion.code)) throw new CatalogError(`Statute catalog ${file}: criterion code ${criterion.code} already used by ${codes.get(criterion.code)}`);
      codes.set(criterion.code, file);
    }
  });
  statutes.forEach((statute, i) => {
    if (statute.predecessor !== null && !ids.has(statute.predecessor)) {
      throw new CatalogError(`Statute catalog ${path.join(dir, files[i])}: field 'predecessor': ${statute.predecessor} is not in the catalog`);
    }
  });
  return statutes;
}

/** Every criterion of every tranche, in statutory order. */
export function allCriteria(statute: Statute): Criterion[] {
  return statute.tranches.flatMap((tranche) => tranche.criteria);
}

/** The tranche a criterion belongs to. */
export function trancheOfCriterion(statute: Statute, code: string): Tranche | undefined {
  return statute.tranches.find((tranche) => tranche.criteria.some((c) => c.code === code));
}
