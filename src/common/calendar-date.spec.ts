import { DomainError } from './domain-error';
import { addMonths, assertCalendarDate, daysUntil, isCalendarDate } from './calendar-date';

describe('calendar dates', () => {
  it('accepts real days and refuses impossible ones with the field named', () => {
    expect(() => assertCalendarDate('2016-02-29', 'sourceDate')).not.toThrow();
    for (const bad of ['2015-02-29', '2015-02-30', '2015-13-01', '2015-00-10']) {
      expect(() => assertCalendarDate(bad, 'sourceDate')).toThrow(DomainError);
      expect(() => assertCalendarDate(bad, 'sourceDate')).toThrow(`sourceDate is not a calendar date: ${bad}`);
    }
  });

  it('counts whole UTC days to a date, negative once it has passed', () => {
    const now = new Date('2015-10-15T23:59:00Z');
    expect(daysUntil('2015-10-15', now)).toBe(0);
    expect(daysUntil('2015-10-16', now)).toBe(1);
    expect(daysUntil('2015-09-30', now)).toBe(-15);
  });
});

describe('month arithmetic', () => {
  it('moves by whole months, clamping to the end of a shorter month', () => {
    expect(addMonths('2023-10-01', -12)).toBe('2022-10-01');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2023-11-15', 3)).toBe('2024-02-15');
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('20230101')).toBe(false);
  });
});
