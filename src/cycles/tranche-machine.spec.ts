import { allowedEventsFor, applyEvent, initialState, mayNow, PersistedMachineState } from '../workflow/machine-runtime';
import { refusal, walkMachine } from '../workflow/machine-test-kit';
import { TRANCHE_STATES as CYCLE_STATES, FINAL_TRANCHE_STATES as FINAL_CYCLE_STATES, TrancheContext as CycleContext, TrancheEvent as CycleEvent, TrancheFacts as CycleFacts, trancheMachine as cycleMachine, trancheWorkflow as cycleWorkflow, trancheWorkflowFor } from './tranche-machine';

const at = '2015-10-15T12:00:00.000Z';
const manager = { username: 'man', roles: ['manager'] };
const analyst = { username: 'ana', roles: ['analyst', 'reviewer'] };
const ready: CycleFacts = {
  allCasesApproved: true, allFindingsMet: true, memoFresh: true, memoDocumentId: 'memo-1', withheldCents: 500_000_000, waiverAvailable: false, reprogramTo: [],
};
const waivable: CycleFacts = { ...ready, allFindingsMet: false, waiverAvailable: true };

const validEvents: CycleEvent[] = [
  { type: 'PREPARE_MEMO', actor: manager, at, facts: ready },
  { type: 'RETURN_TO_ASSESSMENT', actor: manager, at, comment: 'Findings changed' },
  { type: 'DECIDE_RELEASE', actor: manager, at, facts: ready },
  { type: 'DECIDE_WITHHOLD', actor: manager, at, comment: 'Not met', facts: ready },
  { type: 'DECIDE_REPROGRAM', actor: manager, at, destination: 'Peru', amountCents: 500_000_000, facts: ready },
  { type: 'TRANSMIT_REPORT', actor: manager, at },
  { type: 'RESUME_ASSESSMENT', actor: manager, at },
  { type: 'DECIDE_WAIVE', actor: manager, at, comment: 'National security interest', facts: waivable },
  { type: 'REPIN_STATUTE', actor: manager, at, comment: 'Corrected criterion text' },
];

function reach(...events: CycleEvent[]): PersistedMachineState<CycleContext> {
  return events.reduce((state, event) => applyEvent(cycleWorkflow, state, event), initialState<CycleContext>(cycleMachine, { decision: null }));
}

describe('cycle machine', () => {
  it('names its final states from the definition', () => {
    expect([...FINAL_CYCLE_STATES].sort()).toEqual(['reportTransmitted', 'reprogrammed']);
  });

  it('reaches every state and takes exactly the transitions of the SPEC table', () => {
    const { reached, edges } = walkMachine(cycleMachine, validEvents);
    expect([...reached].sort()).toEqual([...CYCLE_STATES].sort());
    expect([...edges].sort()).toEqual(
      [
        'assessing --PREPARE_MEMO--> memoDrafted',
        'memoDrafted --RETURN_TO_ASSESSMENT--> assessing',
        'memoDrafted --DECIDE_RELEASE--> releaseApproved',
        'memoDrafted --DECIDE_WITHHOLD--> withheld',
        'memoDrafted --DECIDE_REPROGRAM--> reprogrammed',
        'memoDrafted --DECIDE_WAIVE--> waived',
        'waived --TRANSMIT_REPORT--> reportTransmitted',
        'releaseApproved --TRANSMIT_REPORT--> reportTransmitted',
        'withheld --RESUME_ASSESSMENT--> assessing',
      ].sort(),
    );
  });

  it('has a shortest path to each state that a manager can walk', () => {
    const { paths } = walkMachine(cycleMachine, validEvents);
    for (const path of paths) {
      // The first step of each path is xstate's own init event.
      const events = path.steps.map((step) => step.event as CycleEvent).filter((e) => !e.type.startsWith('xstate.'));
      const walked = reach(...events);
      expect(walked.value).toBe(String(path.state.value));
    }
  });

  it('takes no transition when the facts fail the guards or the actor is not a manager', () => {
    const blocked: CycleEvent[] = [
      { type: 'PREPARE_MEMO', actor: manager, at, facts: { ...ready, allCasesApproved: false } },
      { type: 'PREPARE_MEMO', actor: analyst, at, facts: ready },
    ];
    expect([...walkMachine(cycleMachine, blocked).reached]).toEqual(['assessing']);
    const stale = { ...ready, memoFresh: false };
    const fromMemo: CycleEvent[] = [
      validEvents[0],
      { type: 'DECIDE_RELEASE', actor: manager, at, facts: stale },
      { type: 'DECIDE_RELEASE', actor: manager, at, facts: { ...ready, allFindingsMet: false } },
      { type: 'DECIDE_WITHHOLD', actor: manager, at, comment: 'x', facts: stale },
      { type: 'DECIDE_REPROGRAM', actor: manager, at, destination: 'Peru', amountCents: 1, facts: stale },
      { type: 'DECIDE_REPROGRAM', actor: manager, at, destination: 'Peru', amountCents: 500_000_001, facts: ready },
    ];
    expect([...walkMachine(cycleMachine, fromMemo).reached].sort()).toEqual(['assessing', 'memoDrafted']);
  });

  it('records each decision with the memo it was made on, and clears a withholding on resume', () => {
    const released = reach(validEvents[0], validEvents[2]);
    expect(released.context.decision).toEqual({
      type: 'release', decidedBy: 'man', decidedAt: at, comment: null, destination: null, amountCents: null, memoDocumentId: 'memo-1',
    });
    const reprogrammed = reach(validEvents[0], { type: 'DECIDE_REPROGRAM', actor: manager, at, destination: ' Peru ', amountCents: 400, comment: ' why ', facts: ready });
    expect(reprogrammed.context.decision).toMatchObject({ type: 'reprogram', destination: 'Peru', amountCents: 400, comment: 'why' });
    const withheld = reach(validEvents[0], validEvents[3]);
    expect(withheld.context.decision).toMatchObject({ type: 'withhold', comment: 'Not met' });
    expect(applyEvent(cycleWorkflow, withheld, validEvents[6]).context.decision).toBeNull();
  });

  it('explains refusals: role, then missing input, then the record', () => {
    const memo = reach(validEvents[0]);
    const codeOf = (event: CycleEvent, from = memo) => refusal(() => applyEvent(cycleWorkflow, from, event)).code;
    expect(codeOf({ type: 'PREPARE_MEMO', actor: manager, at, facts: { ...ready, allCasesApproved: false } }, reach())).toBe('CASES_NOT_APPROVED');
    expect(codeOf({ type: 'DECIDE_WITHHOLD', actor: analyst, at, facts: { ...ready, memoFresh: false } })).toBe('ROLE_REQUIRED');
    expect(codeOf({ type: 'DECIDE_WITHHOLD', actor: manager, at, comment: ' ', facts: { ...ready, memoFresh: false } })).toBe('COMMENT_REQUIRED');
    expect(codeOf({ type: 'DECIDE_WITHHOLD', actor: manager, at, comment: 'x', facts: { ...ready, memoFresh: false } })).toBe('MEMO_STALE');
    expect(codeOf({ type: 'DECIDE_RELEASE', actor: manager, at, facts: { ...ready, allFindingsMet: false } })).toBe('FINDINGS_NOT_MET');
    expect(codeOf({ type: 'DECIDE_REPROGRAM', actor: manager, at, amountCents: 5, facts: { ...ready, memoFresh: false } })).toBe('DESTINATION_REQUIRED');
    expect(codeOf({ type: 'DECIDE_REPROGRAM', actor: manager, at, destination: 'Peru', amountCents: 0, facts: ready })).toBe('AMOUNT_REQUIRED');
    expect(codeOf({ type: 'DECIDE_REPROGRAM', actor: manager, at, destination: 'Peru', amountCents: 500_000_001, facts: ready })).toBe('AMOUNT_EXCEEDS_WITHHELD');
    expect(codeOf({ type: 'RETURN_TO_ASSESSMENT', actor: manager, at })).toBe('COMMENT_REQUIRED');
    const error = refusal(() => applyEvent(cycleWorkflow, memo, { type: 'DECIDE_RELEASE', actor: manager, at, facts: { ...ready, memoFresh: false } }));
    expect(error).toMatchObject({ kind: 'conflict', code: 'MEMO_STALE', details: { state: 'memoDrafted' } });
  });

  it('refuses events the state does not accept with the allowed events, and ends in final states', () => {
    const error = refusal(() => applyEvent(cycleWorkflow, reach(), validEvents[2]));
    expect(error).toMatchObject({ kind: 'conflict', code: 'EVENT_NOT_ALLOWED', details: { state: 'assessing', allowedEvents: ['PREPARE_MEMO'] } });
    const transmitted = reach(validEvents[0], validEvents[2], validEvents[5]);
    expect(transmitted.value).toBe('reportTransmitted');
    expect(allowedEventsFor(cycleWorkflow, transmitted, manager)).toEqual([]);
    expect(allowedEventsFor(cycleWorkflow, reach(validEvents[0], validEvents[4]), manager)).toEqual([]);
  });

  it('offers events to managers only', () => {
    const memo = reach(validEvents[0]);
    expect(allowedEventsFor(cycleWorkflow, memo, manager)).toEqual(['RETURN_TO_ASSESSMENT', 'DECIDE_RELEASE', 'DECIDE_WAIVE', 'DECIDE_WITHHOLD', 'DECIDE_REPROGRAM']);
    // REPIN_STATUTE is cycle-wide: the cycle offers it only when a newer text exists.
    expect(allowedEventsFor(cycleWorkflow, reach(), manager)).toEqual(['PREPARE_MEMO']);
    expect(mayNow(cycleWorkflow, reach(), manager, 'REPIN_STATUTE')).toBe(true);
    expect(allowedEventsFor(cycleWorkflow, memo, analyst)).toEqual([]);
    expect(allowedEventsFor(cycleWorkflow, reach(validEvents[0], validEvents[3]), manager)).toEqual(['RESUME_ASSESSMENT']);
  });

  it('offers nothing to non-managers on a decided cycle, whatever the decision', () => {
    const auditor = { username: 'aud', roles: ['auditor', 'admin'] };
    const forManager = [['TRANSMIT_REPORT'], ['RESUME_ASSESSMENT'], []];
    for (const [i, decision] of [validEvents[2], validEvents[3], validEvents[4]].entries()) {
      const decided = reach(validEvents[0], decision);
      expect(allowedEventsFor(cycleWorkflow, decided, manager)).toEqual(forManager[i]);
      expect(allowedEventsFor(cycleWorkflow, decided, analyst)).toEqual([]);
      expect(allowedEventsFor(cycleWorkflow, decided, auditor)).toEqual([]);
    }
  });

  it('waives only where the statute gives a waiver, with a justification, and only when release is not possible', () => {
    const memo = reach(validEvents[0]);
    const codeOf = (event: CycleEvent) => refusal(() => applyEvent(cycleWorkflow, memo, event)).code;
    expect(codeOf({ type: 'DECIDE_WAIVE', actor: manager, at, comment: 'x', facts: { ...waivable, waiverAvailable: false } })).toBe('WAIVER_NOT_AVAILABLE');
    expect(codeOf({ type: 'DECIDE_WAIVE', actor: manager, at, facts: waivable })).toBe('COMMENT_REQUIRED');
    expect(codeOf({ type: 'DECIDE_WAIVE', actor: manager, at, comment: 'x', facts: { ...waivable, allFindingsMet: true } })).toBe('RELEASE_POSSIBLE');
    const waived = applyEvent(cycleWorkflow, memo, { type: 'DECIDE_WAIVE', actor: manager, at, comment: ' National security ', facts: waivable });
    expect(waived).toMatchObject({ value: 'waived', context: { decision: { type: 'waive', comment: 'National security', memoDocumentId: 'memo-1' } } });
  });

  it('has no waiver transition at all for a tranche whose statute gives none', () => {
    const noWaiver = trancheWorkflowFor({ waiver: null });
    const memo = applyEvent(noWaiver, initialState<CycleContext>(noWaiver.machine, { decision: null }), validEvents[0]);
    expect(allowedEventsFor(noWaiver, memo, manager)).not.toContain('DECIDE_WAIVE');
    expect(refusal(() => applyEvent(noWaiver, memo, validEvents[7])).code).toBe('EVENT_NOT_ALLOWED');
  });

  it('reprograms only to a destination the statute names, where it names any', () => {
    const memo = reach(validEvents[0]);
    const fixed = { ...ready, reprogramTo: ['other countries in Latin America and the Caribbean'] };
    const refused = refusal(() => applyEvent(cycleWorkflow, memo, { type: 'DECIDE_REPROGRAM', actor: manager, at, destination: 'Peru', amountCents: 5, facts: fixed }));
    expect(refused).toMatchObject({ kind: 'invalid', code: 'DESTINATION_NOT_PERMITTED' });
    const next = applyEvent(cycleWorkflow, memo, { type: 'DECIDE_REPROGRAM', actor: manager, at, destination: 'other countries in Latin America and the Caribbean', amountCents: 5, facts: fixed });
    expect(next.value).toBe('reprogrammed');
  });

  it('repins only while assessing, with a comment', () => {
    expect(refusal(() => applyEvent(cycleWorkflow, reach(), { type: 'REPIN_STATUTE', actor: manager, at })).code).toBe('COMMENT_REQUIRED');
    expect(refusal(() => applyEvent(cycleWorkflow, reach(validEvents[0]), validEvents[8])).code).toBe('EVENT_NOT_ALLOWED');
    expect(applyEvent(cycleWorkflow, reach(), validEvents[8]).value).toBe('assessing');
  });
});
