import { clashView, fieldMessagesOf, formErrors, sideBySideRow } from './form-feedback';

describe('formErrors', () => {
  const inputs = { title: 'title-7', summary: 'summary-7' };

  it('shows nothing for a form that was not refused, even with messages of another form', () => {
    expect(formErrors(inputs, null, { title: 'Title must not be blank.' })).toEqual({ shown: false, summary: [], message: null, field: { title: null, summary: null } });
  });

  it('marks each refused field and links to its input, in the form order', () => {
    const errors = formErrors(inputs, 'Title must not be blank. Summary is too long.', { summary: 'Summary is too long.', title: 'Title must not be blank.', other: 'Not on this form.' });
    expect(errors.shown).toBe(true);
    expect(errors.summary).toEqual([{ href: '#title-7', message: 'Title must not be blank.' }, { href: '#summary-7', message: 'Summary is too long.' }]);
    expect(errors.field.title).toEqual({ id: 'title-7-error', message: 'Title must not be blank.' });
    // The general message is not repeated when the fields explain the refusal.
    expect(errors.message).toBeNull();
  });

  it('keeps the message when no field of the form is at fault', () => {
    expect(formErrors(inputs, 'periodStart must not be after periodEnd', { other: 'x' })).toMatchObject({ shown: true, summary: [], message: 'periodStart must not be after periodEnd' });
  });
});

describe('fieldMessagesOf', () => {
  it('takes the validation messages, or the message for the one field a refusal names', () => {
    expect(fieldMessagesOf({ fieldMessages: { amount: 'Amount: too much' } }, 'ignored')).toEqual({ amount: 'Amount: too much' });
    expect(fieldMessagesOf({ fields: ['from'] }, 'from must not be after to')).toEqual({ from: 'from must not be after to' });
    expect(fieldMessagesOf({ fields: ['from', 'to'] }, 'both')).toEqual({});
    expect(fieldMessagesOf({}, 'none')).toEqual({});
  });
});

describe('sideBySideRow', () => {
  it('marks removed words on the left and added words on the right only', () => {
    const row = sideBySideRow('Title', 'Report, their edit', 'Report, my edit');
    expect(row.changed).toBe(true);
    expect(row.left.filter((r) => r.kind !== 'equal')).toEqual([{ kind: 'deleted', text: 'their' }]);
    expect(row.right.filter((r) => r.kind !== 'equal')).toEqual([{ kind: 'inserted', text: 'my' }]);
    expect(row.left.map((r) => r.text).join('')).toBe('Report, their edit');
    expect(row.right.map((r) => r.text).join('')).toBe('Report, my edit');
    expect(row.summary).toBe('adds: “my”; removes: “their”');
  });

  it('tells an unchanged field from one whose spacing alone changed', () => {
    expect(sideBySideRow('Summary', 'same text', 'same text')).toMatchObject({ changed: false, summary: 'is the same' });
    expect(sideBySideRow('Summary', 'same  text', 'same text')).toMatchObject({ changed: true, summary: 'changes only the spacing' });
  });
});

describe('clashView', () => {
  it('compares theirs (left) with mine (right) and keeps the way on as given', () => {
    const view = clashView({
      theirsHeading: 'Saved now',
      fields: [{ label: 'Rationale', theirs: 'Complaints go unanswered', mine: 'Complaints are answered' }],
      keepMine: { action: '/cases/x/proposed-finding', fields: [{ name: 'expectedVersion', value: '4' }], label: 'Keep mine' },
      keepTheirsUrl: '/cases/x#finding',
      editHref: '#finding-form',
    });
    expect(view.rows[0].left.find((r) => r.kind === 'deleted')?.text).toBe('go unanswered');
    expect(view.rows[0].right.find((r) => r.kind === 'inserted')?.text).toBe('are answered');
    expect(view.keepMine.fields).toEqual([{ name: 'expectedVersion', value: '4' }]);
  });
});
