import { assign, setup } from 'xstate';
import { DomainError } from '../common/domain-error';
import { hasRole, requireComment } from './common-checks';
import { acceptedEventTypes, allowedEventsFor, applyEvent, Check, firstFailure, guardsFromRules, initialState, mayNow, Workflow } from './machine-runtime';
import { refusal } from './machine-test-kit';

// The runtime on a two-state toy workflow whose rule lists are written out of order.

type Actor = { username: string; roles: readonly string[] };
type ToyEvent = { type: 'CLOSE'; actor: Actor; comment?: string; ready?: boolean } | { type: 'REOPEN'; actor: Actor } | { type: 'SYSTEM_TICK'; actor: Actor };
type ToyContext = { closedBy: string | null };

const recordReady: Check<ToyContext, { ready?: boolean }> = { kind: 'conflict', code: 'NOT_READY', message: 'not ready', test: (_c, e) => e.ready === true };
// Written conflict -> invalid -> forbidden: refusals must still come forbidden -> invalid -> conflict.
const rules = {
  CLOSE: [recordReady, requireComment<ToyContext>('Closing'), hasRole<ToyContext>('manager', 'close')],
  REOPEN: [hasRole<ToyContext>('manager', 'reopen')],
  SYSTEM_TICK: [],
};
const machine = setup({ types: {} as { context: ToyContext; events: ToyEvent }, guards: guardsFromRules<ToyContext, ToyEvent>(rules as never) }).createMachine({
  id: 'toy',
  initial: 'open',
  context: { closedBy: null },
  states: {
    open: { on: { CLOSE: { target: 'closed', guard: 'may_CLOSE', actions: assign({ closedBy: ({ event }) => event.actor.username }) }, SYSTEM_TICK: {} } },
    closed: { on: { REOPEN: { target: 'open', guard: 'may_REOPEN' } } },
  },
});
const toy: Workflow<ToyContext, ToyEvent> = { name: 'toy', machine, rules: rules as never, clientEvents: ['CLOSE', 'REOPEN'] };
const manager = { username: 'man', roles: ['manager'] };
const analyst = { username: 'ana', roles: ['analyst'] };
const open = initialState<ToyContext>(machine, { closedBy: null });

describe('machine runtime', () => {
  it('reports the first failing check in the order forbidden, invalid, conflict, whatever order the list is written in', () => {
    const checks = rules.CLOSE as ReadonlyArray<Check<ToyContext, ToyEvent>>;
    expect(firstFailure(checks, open.context, { type: 'CLOSE', actor: analyst })?.code).toBe('ROLE_REQUIRED');
    expect(firstFailure(checks, open.context, { type: 'CLOSE', actor: manager })?.code).toBe('COMMENT_REQUIRED');
    expect(firstFailure(checks, open.context, { type: 'CLOSE', actor: manager, comment: '  ' })?.code).toBe('COMMENT_REQUIRED');
    expect(firstFailure(checks, open.context, { type: 'CLOSE', actor: manager, comment: 'why' })?.code).toBe('NOT_READY');
    expect(firstFailure(checks, open.context, { type: 'CLOSE', actor: manager, comment: 'why', ready: true })).toBeUndefined();
    expect(firstFailure(checks, open.context, { type: 'CLOSE', actor: analyst }, ['conflict'])?.code).toBe('NOT_READY');
    expect(firstFailure(checks, open.context, { type: 'CLOSE', actor: manager }, ['forbidden'])).toBeUndefined();
    // The list itself is left as written.
    expect(rules.CLOSE.map((c) => c.kind)).toEqual(['conflict', 'invalid', 'forbidden']);
  });

  it('maps each refusal to its kind, with the allowed events for a forbidden one', () => {
    const forbidden = refusal(() => applyEvent(toy, open, { type: 'CLOSE', actor: analyst }));
    expect(forbidden).toBeInstanceOf(DomainError);
    expect(forbidden).toMatchObject({ kind: 'forbidden', code: 'ROLE_REQUIRED', details: { state: 'open', allowedEvents: [] } });
    expect(refusal(() => applyEvent(toy, open, { type: 'CLOSE', actor: manager }))).toMatchObject({ kind: 'invalid', code: 'COMMENT_REQUIRED', details: { state: 'open' } });
    const conflict = refusal(() => applyEvent(toy, open, { type: 'CLOSE', actor: manager, comment: 'c' }));
    expect(conflict).toMatchObject({ kind: 'conflict', code: 'NOT_READY' });
    expect(conflict.details).not.toHaveProperty('allowedEvents');
    expect(refusal(() => applyEvent(toy, open, { type: 'REOPEN', actor: manager }))).toMatchObject({
      kind: 'conflict', code: 'EVENT_NOT_ALLOWED', details: { state: 'open', allowedEvents: ['CLOSE'] },
    });
  });

  it('applies an accepted event, pure: the persisted state given is not changed', () => {
    const closed = applyEvent(toy, open, { type: 'CLOSE', actor: manager, comment: 'done', ready: true });
    expect(closed).toEqual({ value: 'closed', context: { closedBy: 'man' } });
    expect(open).toEqual({ value: 'open', context: { closedBy: null } });
    expect(applyEvent(toy, closed, { type: 'REOPEN', actor: manager }).value).toBe('open');
  });

  it('offers client events only, by state and role, ignoring request fields', () => {
    expect(acceptedEventTypes(machine, open)).toEqual(['CLOSE', 'SYSTEM_TICK']);
    expect(acceptedEventTypes(machine, { value: 'nowhere', context: { closedBy: null } })).toEqual([]);
    expect(allowedEventsFor(toy, open, manager)).toEqual(['CLOSE']);
    expect(allowedEventsFor(toy, open, analyst)).toEqual([]);
    expect(mayNow(toy, open, manager, 'CLOSE')).toBe(true);
    expect(mayNow(toy, open, analyst, 'CLOSE')).toBe(false);
    expect(mayNow(toy, open, manager, 'REOPEN')).toBe(false);
  });
});
