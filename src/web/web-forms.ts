import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { invalidInput } from '../common/domain-error';
import { flattenValidationErrors } from '../app.setup';

type Form = Record<string, unknown>;
type Convert = 'string' | 'optional' | 'int' | 'optionalInt';

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
    throw invalidInput('VALIDATION_FAILED', flattenValidationErrors(errors).join('; '), { fields: errors.map((e) => e.property) });
  }
  return dto;
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
