import { catalogObligationDeadline, dutyDates, enactedOn } from './statute-deadlines';

describe('statute deadlines', () => {
  const v2 = {
    act: { publicLaw: 'Pub. L. 116-94', enacted: '2019-12-20' },
    fundsAvailableUntil: '2021-09-30',
    duties: [
      { description: 'spending plan', daysAfterEnactment: 45, repeatEveryDays: null },
      { description: 'progress report', daysAfterEnactment: 90, repeatEveryDays: 180, citation: 'sec. 7045(a)(5)' },
    ],
  };

  it('reads the obligation deadline and enactment date of a v2 file', () => {
    expect(catalogObligationDeadline(v2)).toBe('2021-09-30');
    expect(enactedOn(v2)).toBe('2019-12-20');
  });

  it('is silent for a v1 file, which has neither', () => {
    expect(catalogObligationDeadline({ act: 'Pub. L. 113-76' })).toBeNull();
    expect(dutyDates({ act: 'Pub. L. 113-76' }, '2020-01-01')).toEqual([]);
    expect(catalogObligationDeadline({ fundsAvailableUntil: '2021-02-30' })).toBeNull();
  });

  it('counts days after enactment, and gives a repeating duty its next date', () => {
    // 2019-12-20 + 45 days = 2020-02-03; + 90 = 2020-03-19, then every 180 days.
    expect(dutyDates(v2, '2020-01-01')).toEqual([
      { description: 'spending plan', citation: null, due: '2020-02-03', occurrence: 1, repeats: false },
      { description: 'progress report', citation: 'sec. 7045(a)(5)', due: '2020-03-19', occurrence: 1, repeats: true },
    ]);
    const later = dutyDates(v2, '2020-09-16');
    // 2020-03-19 and 2020-09-15 have passed on 2020-09-16: the third date is next.
    expect(later.find((d) => d.repeats)).toMatchObject({ due: '2021-03-14', occurrence: 3 });
    expect(dutyDates(v2, '2020-09-15').find((d) => d.repeats)).toMatchObject({ due: '2020-09-15', occurrence: 2 });
  });

  it('keeps a one-time duty at its date once it has passed', () => {
    expect(dutyDates(v2, '2030-01-01')[0]).toMatchObject({ description: 'spending plan', due: '2020-02-03' });
  });
});
