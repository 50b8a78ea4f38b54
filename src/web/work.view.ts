import type { NotificationView } from '../notifications/notifications.repository';
import type { MyWork, WorkItem } from '../work/my-work.service';
import { formatInstant } from './case.view';

// View models of My work and the inbox: every string formatted here.

const KIND_LABELS: Record<string, string> = {
  fix: 'Came back to you: fix and resubmit',
  gather: 'Gather evidence and propose a finding',
  review: 'Review the assessment',
  prepare_memo: 'Prepare the decision memo',
  decide: 'Record the funds decision',
  transmit: 'Transmit the document',
};

const NOTICE_LABELS: Record<string, string> = {
  assignment: 'Assignment', submission: 'Submitted for review', return: 'Returned', approval: 'Approved',
  memo_ready: 'Memo ready', decision: 'Decision', deadline: 'Deadline approaching',
};

function item(i: WorkItem) {
  return {
    title: i.title,
    link: i.link,
    what: KIND_LABELS[i.kind] ?? i.kind,
    due: i.due,
    overdue: !!i.due && i.due.overdueDays > 0,
    returned: i.returned
      ? { by: i.returned.by, at: i.returned.at, atText: formatInstant(i.returned.at), comment: i.returned.comment, reopened: i.returned.event === 'REOPEN' }
      : null,
  };
}

export function myWorkView(work: MyWork, roles: readonly string[]) {
  const has = (role: string) => roles.includes(role);
  const section = (id: string, heading: string, items: WorkItem[], empty: string, show: boolean) => ({
    id, heading, items: items.map(item), count: items.length, empty, show,
  });
  const sections = [
    section('gather', 'Cases to gather or fix', work.gather, 'No case waits for your evidence.', has('analyst') || work.gather.length > 0),
    section('review', 'Cases awaiting your review', work.review, 'Nothing waits for your review.', has('reviewer') || work.review.length > 0),
    section('memos', 'Memos to prepare or decide', work.memos, 'No memo waits for you.', has('manager')),
    section('transmit', 'Documents to transmit', work.transmit, 'No document waits to be transmitted.', has('manager')),
  ].filter((s) => s.show);
  return {
    sections,
    nothing: work.counts.total === 0,
    total: work.counts.total,
    unread: work.counts.unread,
    unassigned: work.unassigned,
    duties: work.duties.map((d) => ({ ...d, overdue: d.due.overdueDays > 0 })),
    showDuties: work.duties.length > 0,
  };
}

export function inboxView(notices: NotificationView[]) {
  return {
    notices: notices.map((n) => ({
      subject: n.subject, link: n.link, actor: n.actor, comment: n.comment, kind: NOTICE_LABELS[n.kind] ?? n.kind,
      at: n.createdAt, atText: formatInstant(n.createdAt), unread: n.readAt === null,
    })),
    unreadCount: notices.filter((n) => n.readAt === null).length,
    empty: notices.length === 0,
  };
}
