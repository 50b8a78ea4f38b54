import { formatUsd, percentToBasisPoints, withheldCents } from './money';

describe('money', () => {
  it('rounds the withheld share half up to the cent', () => {
    expect(withheldCents(3_333_333_334, 1500)).toBe(500_000_000); // 500,000,000.1 -> down
    expect(withheldCents(10, 1500)).toBe(2); // 1.5 -> 2
    expect(withheldCents(3, 1500)).toBe(0); // 0.45 -> 0
    expect(withheldCents(7, 5000)).toBe(4); // 3.5 -> 4
    expect(withheldCents(14_800_000_000, 1500)).toBe(2_220_000_000);
  });

  it('stays exact beyond 2^53 intermediate products', () => {
    expect(withheldCents(90_000_000_000_000, 1500)).toBe(13_500_000_000_000);
  });

  it('converts percent to basis points and formats dollars', () => {
    expect(percentToBasisPoints(15)).toBe(1500);
    expect(percentToBasisPoints(12.5)).toBe(1250);
    expect(formatUsd(500_000_000)).toBe('$5,000,000.00');
    expect(formatUsd(5)).toBe('$0.05');
    expect(formatUsd(123_456_789)).toBe('$1,234,567.89');
  });
});

