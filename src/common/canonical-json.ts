import { hash } from 'node:crypto';

/**
 * Canonical JSON used for every hash in the desk: object keys sorted by code unit,
 * no whitespace, `undefined` members dropped, numbers in JavaScript's shortest
 * round-trip form (money and sequence numbers are integers), instants as the
 * ISO-8601 UTC strings they are stored as. Two equal values always encode alike.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('Non-finite number in canonical JSON');
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

// One-shot hashing: a third of createHash()'s time on a journal row's text (no Hash object each call).
export function sha256Hex(text: string | Buffer): string {
  return hash('sha256', text, 'hex');
}
