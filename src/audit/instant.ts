import { invalidInput } from '../common/domain-error';

/**
 * An ISO-8601 instant from a query, normalised to the form the journal stores
 * (`YYYY-MM-DDTHH:mm:ss.sssZ`) so that text comparison is time comparison.
 * A time without an offset is read as UTC, never as the server's local time.
 */
export function normaliseInstant(value: string, field: string): string {
  const text = /T\d{2}(:\d{2}(:\d{2}([.,]\d+)?)?)?$/.test(value) ? `${value}Z` : value;
  const date = new Date(text);
  const iso = Number.isNaN(date.getTime()) ? '' : date.toISOString();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(iso)) {
    throw invalidInput('INVALID_INSTANT', `${field} must be an ISO-8601 instant between years 0000 and 9999, e.g. 2015-10-01T00:00:00Z`, { fields: [field] });
  }
  return iso;
}
