import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { invalidInput } from '../common/domain-error';

type Form = Record<string, unknown>;
type Convert = 'string' | 'optional' | 'int' | 'optionalInt' | 'list';

/**
 * Turns a urlencoded form into the API's DTO and validates it with the DTO's own rules, so a
 * page accepts exactly what the API accepts. Forms send strings: numbers are parsed here,
 * empty optional fields are dropped, anything else (repeated fields, unknown names) is a 400.
 */
export function formToDto<T extends object>(dtoClass: new () => T, body: unknown, fields: Record<string, Convert>): T {
  const form = (body && typeof body === 'object' ? body : {}) as Form;
  const plain: Form = {};
  for (const [name, convert] of Object.entries(fields)) {
    const raw = form[name];
    // Checkboxes: none, one or several values of the same name.
    if (convert === 'list') {
      const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      if (!list.every((item) => typeof item === 'string')) throw invalidInput('VALIDATION_FAILED', `${name} must be a list of names`);
      plain[name] = list;
      continue;
    }
    if (raw !== undefined && typeof raw !== 'string') throw invalidInput('VALIDATION_FAILED', `${name} must be given once`);
    const value = raw as string | undefined;
    if ((convert === 'optional' || convert === 'optionalInt') && (value === undefined || value.trim() === '')) continue;
    if (convert === 'int' || convert === 'optionalInt') {
      plain[name] = value !== undefined && /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : value;
    } else {
      plain[name] = value;
    }
  }
  const dto = plainToInstance(dtoClass, plain);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const fieldMessages = Object.fromEntries(errors.map((e) => [e.property, plainMessage(e.property, e.constraints ?? {})]));
    throw invalidInput('VALIDATION_FAILED', Object.values(fieldMessages).join(' '), { fields: errors.map((e) => e.property), fieldMessages });
  }
  return dto;
}

/** One sentence per field, in plain words: "Title cannot be blank." rather than the validator's wording. */
export function plainMessage(field: string, constraints: Record<string, string>): string {
  const name = field.replace(/([A-Z])/g, ' $1').toLowerCase().replace(/^./, (c) => c.toUpperCase());
  const keys = Object.keys(constraints);
  if (keys.some((k) => k === 'isNotEmpty' || k === 'isDefined') || (keys.includes('minLength') && /than or equal to 1 characters/.test(constraints.minLength ?? ''))) {
    return `${name} cannot be blank.`;
  }
  if (keys.includes('arrayMinSize')) return `${name}: choose at least one.`;
  const first = Object.values(constraints)[0] ?? 'is not valid';
  // The validator's own messages start with the field name; say it once, capitalised.
  const text = first.startsWith(field) ? `${name}${first.slice(field.length)}` : `${name}: ${first}`;
  return text.endsWith('.') ? text : `${text}.`;
}

/** The values a user typed, to put back into a form that was refused (strings only, no token). */
export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (!body || typeof body !== 'object') return values;
  for (const [name, value] of Object.entries(body as Form)) {
    if (typeof value === 'string' && name !== '_csrf' && name !== 'password') values[name] = value;
  }
  return values;
}
