/** Percent (up to two decimals) to basis points: 15 -> 1500, 12.5 -> 1250. */
export function percentToBasisPoints(percent: number): number {
  return Math.round(percent * 100);
}

/**
 * Withheld amount = appropriated x percent, rounded half up to the cent. Integer
 * arithmetic in BigInt: cents x basis points can exceed 2^53 for large appropriations.
 */
export function withheldCents(appropriatedCents: number, basisPoints: number): number {
  const product = BigInt(appropriatedCents) * BigInt(basisPoints);
  return Number((product + 5000n) / 10000n);
}

/** `$5,000,000.00` from integer cents. */
export function formatUsd(cents: number): string {
  const negative = cents < 0;
  const abs = BigInt(Math.abs(cents));
  const dollars = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}$${dollars}.${rest}`;
}

const DOLLARS = /^\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * `$1,234,567.89`, `1234567.8` or `150000000` to integer cents, exactly (string digits, no
 * floating point); null when the text is not a plain non-negative dollar amount.
 */
export function parseDollarsToCents(text: string): number | null {
  const match = DOLLARS.exec(text.trim());
  if (!match) return null;
  const cents = BigInt(match[1].replace(/,/g, '')) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  return cents > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(cents);
}
