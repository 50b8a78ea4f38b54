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

