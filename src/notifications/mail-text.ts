import type { Notice } from './notifications.repository';

/** Plain-text mail for one or more notices; links are paths on the desk. */
export function mailBody(notices: Array<Pick<Notice, 'subject' | 'link' | 'actor' | 'comment'>>): string {
  const lines = notices.map((n) => {
    const comment = n.comment ? `\n  Comment: ${n.comment}` : '';
    return `- ${n.subject} (by ${n.actor})${comment}\n  Open: ${n.link}`;
  });
  return `${lines.join('\n\n')}\n\nConditions Desk. Your inbox on the desk lists every notification.\n`;
}
