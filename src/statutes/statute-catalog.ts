import * as fs from 'node:fs';
import * as path from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { CatalogCriterion, CatalogStatute } from './statute-catalog.schema';

export class CatalogError extends Error {}

export type Statute = CatalogStatute;
export type Criterion = CatalogCriterion;

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `field '${field}': ${message}`);
    return [...own, ...describe(error.children ?? [], field)];
  });
}

/** Reads and validates one catalog file; the error names the file and the field. */
export function parseStatuteFile(file: string): Statute {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CatalogError(`Statute catalog ${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CatalogError(`Statute catalog ${file}: expected one JSON object`);
  const statute = plainToInstance(CatalogStatute, raw);
  const errors = validateSync(statute, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new CatalogError(`Statute catalog ${file}: ${describe(errors).join('; ')}`);
  const codes = new Set<string>();
  for (const criterion of statute.criteria) {
    if (codes.has(criterion.code)) throw new CatalogError(`Statute catalog ${file}: field 'criteria': duplicate code ${criterion.code}`);
    codes.add(criterion.code);
  }
  return statute;
}

/** The whole catalog: every `*.json` in the folder, ids and criterion codes unique across files. */
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
    for (const criterion of statute.criteria) {
      if (codes.has(criterion.code)) throw new CatalogError(`Statute catalog ${file}: criterion code ${criterion.code} already used by ${codes.get(criterion.code)}`);
      codes.set(criterion.code, file);
    }
  });
  return statutes;
}
