import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { invalidInput } from './domain-error';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Passwords are compared as typed: normalising them would lock out a password set another way (CLI).
const KEPT_AS_TYPED = /password/i;

/**
 * Every string that reaches a controller, from any body, query or route parameter (the web
 * forms included), is refused with 400 INVALID_TEXT when it holds a lone UTF-16 surrogate
 * or a NUL character, and otherwise normalised to NFC. This is the one place text is
 * normalised, so what is hashed into the journal is exactly what is stored: a lone
 * surrogate would be stored as other bytes on SQLite (and as U+FFFD on PostgreSQL, which
 * refuses NUL outright), breaking the chain at that row.
 */
@Injectable()
export class WellFormedTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    return wellFormed(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
  }
}

/** Checks and NFC-normalises every string inside `value`; `field` names the place for the message. */
export function wellFormed(value: unknown, field: string): unknown {
  if (typeof value === 'string') return checkText(value, field);
  if (Array.isArray(value)) return value.map((item, i) => wellFormed(item, `${field}[${i}]`));
  if (isPlainObject(value)) {
    const object = value;
    for (const key of Object.keys(object)) {
      const path = field ? `${field}.${checkText(key, field || 'a field name')}` : checkText(key, 'a field name');
      object[key] = KEPT_AS_TYPED.test(key) && typeof object[key] === 'string' ? checkText(object[key] as string, path, false) : wellFormed(object[key], path);
    }
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function checkText(text: string, field: string, normalise = true): string {
  if (text.includes('\u0000') || LONE_SURROGATE.test(text)) {
    const name = field || 'the request';
    throw invalidInput('INVALID_TEXT', `${name} must be well-formed text: lone UTF-16 surrogates and NUL characters are not allowed`, { field: name });
  }
  return normalise ? text.normalize('NFC') : text;
}
