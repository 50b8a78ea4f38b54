import { daysUntil } from '../common/calendar-date';

export interface DueView {
  date: string;
  /** Days past the date; 0 when not yet due. */
  overdueDays: number;
  text: string;
}

export function dueView(date: string, now: Date): DueView {
  const days = daysUntil(date, now);
  let text: string;
  if (days < 0) text = `${-days} day${days === -1 ? '' : 's'} overdue`;
  else if (days === 0) text = 'Due today';
  else text = `Due in ${days} day${days === 1 ? '' : 's'}`;
  return { date, overdueDays: Math.max(0, -days), text };
}
