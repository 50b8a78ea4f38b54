import { deadlineView } from './cycles.view';

describe('deadlineView', () => {
  const now = new Date('2026-12-01T10:00:00Z');

  it('counts the days of a deadline that passed recently and is still open', () => {
    expect(deadlineView('2026-11-21', 'assessing', now)).toEqual({ date: '2026-11-21', overdue: true, text: 'Overdue by 10 days' });
    expect(deadlineView('2026-12-03', 'assessing', now).text).toBe('2 days left');
  });

  it('shows the date, not a running count, for a deadline long past', () => {
    expect(deadlineView('2015-09-30', 'assessing', now)).toEqual({ date: '2015-09-30', overdue: true, text: 'Deadline passed on 2015-09-30, no decision recorded' });
  });

  it('says when a decided cycle was decided relative to its deadline', () => {
    expect(deadlineView('2015-09-30', 'reprogrammed', now, '2015-10-15T14:00:00.000Z')).toEqual({ date: '2015-09-30', overdue: false, text: 'Decided on 2015-10-15, 15 days after the deadline' });
    expect(deadlineView('2015-09-30', 'releaseApproved', now, '2015-09-01T09:00:00.000Z').text).toBe('Decided on 2015-09-01, 29 days before the deadline');
  });
});
