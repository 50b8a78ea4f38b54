import { centsInWords, parseDollars } from './dollars';

describe('parseDollars', () => {
  it.each([
    ['5000000', 500_000_000],
    ['5,000,000.00', 500_000_000],
    ['$5,000,000', 500_000_000],
    [' 12.5 ', 1250],
    ['0.07', 7],
    ['1,234.56', 123_456],
    // 0.1 + 0.2 in floating point is 0.30000000000000004: read digit by digit, cents stay exact.
    ['90071992547409.91', 9_007_199_254_740_991],
  ])('reads %j as %d cents', (text, cents) => {
    expect(parseDollars(text)).toEqual({ ok: true, cents });
  });

  it.each([
    ['', 'Enter an amount'],
    ['-5', 'positive'],
    ['5.001', 'two decimals'],
    ['5,00,000', 'commas between thousands'],
    ['5e6', 'digits'],
    ['five', 'digits'],
    ['90071992547409.92', 'too large'],
  ])('refuses %j in plain words', (text, words) => {
    const result = parseDollars(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(words);
  });
});

describe('centsInWords', () => {
  it('spells dollars and cents', () => {
    expect(centsInWords(500_000_000)).toBe('five million dollars');
    expect(centsInWords(100)).toBe('one dollar');
    expect(centsInWords(500_000_025)).toBe('five million dollars and twenty five cents');
    expect(centsInWords(1)).toBe('zero dollars and one cent');
  });
});
