// to-words ships a CommonJS build but only ESM type declarations: load the CommonJS build with its shape spelled out.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ToWords } = require('to-words') as { ToWords: new (options: { localeCode: string }) => { convert(value: number): string } };

// Money as people type it: dollars ("5,000,000.00", "$5000000", "12.5") to integer cents,
// exactly, by reading the digits (never through floating point).

export type DollarsParse = { ok: true; cents: number } | { ok: false; message: string };

const PLAIN = /^\d+(\.\d{1,2})?$/;
const GROUPED = /^\d{1,3}(,\d{3})+(\.\d{1,2})?$/;

export function parseDollars(input: string): DollarsParse {
  const text = input.trim().replace(/^\$\s*/, '');
  if (text === '') return { ok: false, message: 'Enter an amount in dollars, for example 5,000,000.00' };
  if (text.startsWith('-')) return { ok: false, message: 'The amount must be positive' };
  if (!PLAIN.test(text) && !GROUPED.test(text)) {
    if (/\.\d{3,}$/.test(text)) return { ok: false, message: 'Dollars take at most two decimals (cents)' };
    return { ok: false, message: 'Type dollars with digits, commas between thousands and a point before the cents, for example 5,000,000.00' };
  }
  const [whole, fraction = ''] = text.replace(/,/g, '').split('.');
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0') || '0');
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: 'The amount is too large' };
  return { ok: true, cents: Number(cents) };
}

const toWords = new ToWords({ localeCode: 'en-US' });

/** `500000025` -> "five million dollars and twenty-five cents": the figure spelled out for the confirmation. */
export function centsInWords(cents: number): string {
  const dollars = Math.floor(cents / 100);
  const rest = cents % 100;
  const say = (n: number) => toWords.convert(n).toLowerCase();
  const dollarPart = `${say(dollars)} dollar${dollars === 1 ? '' : 's'}`;
  return rest === 0 ? dollarPart : `${dollarPart} and ${say(rest)} cent${rest === 1 ? '' : 's'}`;
}
