import { assign, setup } from 'xstate';
import { Actor, Check, guardsFromRules, Rules, Workflow } from '../workflow/machine-runtime';
import { hasRole, requireComment } from '../workflow/common-checks';

// The cycle (funds decision) workflow of SPEC section 3: pure definition, no I/O, no clock.

export type DecisionType = 'release' | 'withhold' | 'reprogram';

export interface CycleDecision {
  type: DecisionType;
  decidedBy: string;
  decidedAt: string;
  comment: string | null;
  destination: string | null;
  amountCents: number | null;
  memoDocumentId: string | null;
}

export interface CycleContext {
  decision: CycleDecision | null;
}

/** Facts the service reads inside the write transaction for the guards. */
export interface CycleFacts {
  allCasesApproved: boolean;
  allFindingsMet: boolean;
  /** The latest memo exists and nothing it was built from has changed since. */
  memoFresh: boolean;
  memoDocumentId: string | null;
  withheldCents: number;
}

interface Base {
  actor: Actor;
  at: string;
}
export type CycleEvent =
  | (Base & { type: 'PREPARE_MEMO'; facts: CycleFacts })
  | (Base & { type: 'RETURN_TO_ASSESSMENT'; comment?: string })
  | (Base & { type: 'DECIDE_RELEASE'; comment?: string; facts: CycleFacts })
  | (Base & { type: 'DECIDE_WITHHOLD'; comment?: string; facts: CycleFacts })
  | (Base & { type: 'DECIDE_REPROGRAM'; comment?: string; destination?: string; amountCents?: number; facts: CycleFacts })
  | (Base & { type: 'TRANSMIT_REPORT' })
  | (Base & { type: 'RESUME_ASSESSMENT'; comment?: string });

export type CycleEventType = CycleEvent['type'];
export const CYCLE_STATES = ['assessing', 'memoDrafted', 'releaseApproved', 'withheld', 'reprogrammed', 'reportTransmitted'] as const;
export type CycleState = (typeof CYCLE_STATES)[number];
export const CYCLE_CLIENT_EVENTS = [
  'PREPARE_MEMO',
  'RETURN_TO_ASSESSMENT',
  'DECIDE_RELEASE',
  'DECIDE_WITHHOLD',
  'DECIDE_REPROGRAM',
  'TRANSMIT_REPORT',
  'RESUME_ASSESSMENT',
] as const;
/** States in which the funds decision has not been taken: cases may still be reopened. */
export const UNDECIDED_CYCLE_STATES: readonly string[] = ['assessing', 'memoDrafted'];

const manager = (action: string) => hasRole<CycleContext>('manager', action);
const allCasesApproved: Check<CycleContext, { facts: CycleFacts }> = {
  kind: 'conflict',
  code: 'CASES_NOT_APPROVED',
  message: 'Every case of the cycle must be approved before the decision memo is prepared',
  test: (_c, event) => event.facts.allCasesApproved,
};
const memoFresh: Check<CycleContext, { facts: CycleFacts }> = {
  kind: 'conflict',
  code: 'MEMO_STALE',
  message: 'Evidence or findings changed after the decision memo was rendered; prepare the memo again',
  test: (_c, event) => event.facts.memoFresh,
};
const allFindingsMet: Check<CycleContext, { facts: CycleFacts }> = {
  kind: 'conflict',
  code: 'FINDINGS_NOT_MET',
  message: 'Funds may be released only when every approved finding is met',
  test: (_c, event) => event.facts.allFindingsMet,
};
const destinationGiven: Check<CycleContext, { destination?: string }> = {
  kind: 'invalid',
  code: 'DESTINATION_REQUIRED',
  message: 'Reprogramming requires a destination',
  test: (_c, event) => typeof event.destination === 'string' && event.destination.trim().length > 0,
};
const amountGiven: Check<CycleContext, { amountCents?: number }> = {
  kind: 'invalid',
  code: 'AMOUNT_REQUIRED',
  message: 'Reprogramming requires a positive amount in cents',
  test: (_c, event) => Number.isSafeInteger(event.amountCents) && (event.amountCents as number) > 0,
};
const amountWithinWithheld: Check<CycleContext, { amountCents?: number; facts: CycleFacts }> = {
  kind: 'invalid',
  code: 'AMOUNT_EXCEEDS_WITHHELD',
  message: 'The reprogrammed amount cannot exceed the withheld amount',
  test: (_c, event) => (event.amountCents ?? 0) <= event.facts.withheldCents,
};

export const cycleRules: Rules<CycleContext, CycleEvent> = {
  PREPARE_MEMO: [manager('prepare the decision memo'), allCasesApproved],
  RETURN_TO_ASSESSMENT: [manager('return the cycle to assessment'), requireComment('Returning to assessment')],
  DECIDE_RELEASE: [manager('decide on the funds'), memoFresh, allFindingsMet],
  DECIDE_WITHHOLD: [manager('decide on the funds'), requireComment('Withholding'), memoFresh],
  DECIDE_REPROGRAM: [manager('decide on the funds'), destinationGiven, amountGiven, amountWithinWithheld, memoFresh],
  TRANSMIT_REPORT: [manager('transmit the report')],
  RESUME_ASSESSMENT: [manager('resume the assessment')],
};

function decisionOf(type: DecisionType) {
  return assign<CycleContext, CycleEvent, undefined, CycleEvent, never>({
    decision: ({ event }) => {
      const e = event as Extract<CycleEvent, { type: 'DECIDE_REPROGRAM' }>;
      return {
        type,
        decidedBy: e.actor.username,
        decidedAt: e.at,
        comment: e.comment?.trim() || null,
        destination: type === 'reprogram' ? e.destination!.trim() : null,
        amountCents: type === 'reprogram' ? e.amountCents! : null,
        memoDocumentId: e.facts.memoDocumentId,
      };
    },
  });
}

export const cycleMachine = setup({
  types: {
    context: {} as CycleContext,
    events: {} as CycleEvent,
  },
  guards: guardsFromRules(cycleRules) as Record<string, (args: { context: CycleContext; event: CycleEvent }) => boolean>,
  actions: {
    recordRelease: decisionOf('release'),
    recordWithhold: decisionOf('withhold'),
    recordReprogram: decisionOf('reprogram'),
    clearDecision: assign({ decision: null }),
  },
}).createMachine({
  id: 'cycle',
  initial: 'assessing',
  context: { decision: null },
  states: {
    assessing: {
      on: { PREPARE_MEMO: { target: 'memoDrafted', guard: 'may_PREPARE_MEMO' } },
    },
    memoDrafted: {
      on: {
        RETURN_TO_ASSESSMENT: { target: 'assessing', guard: 'may_RETURN_TO_ASSESSMENT' },
        DECIDE_RELEASE: { target: 'releaseApproved', guard: 'may_DECIDE_RELEASE', actions: 'recordRelease' },
        DECIDE_WITHHOLD: { target: 'withheld', guard: 'may_DECIDE_WITHHOLD', actions: 'recordWithhold' },
        DECIDE_REPROGRAM: { target: 'reprogrammed', guard: 'may_DECIDE_REPROGRAM', actions: 'recordReprogram' },
      },
    },
    releaseApproved: {
      on: { TRANSMIT_REPORT: { target: 'reportTransmitted', guard: 'may_TRANSMIT_REPORT' } },
    },
    withheld: {
      on: { RESUME_ASSESSMENT: { target: 'assessing', guard: 'may_RESUME_ASSESSMENT', actions: 'clearDecision' } },
    },
    reprogrammed: { type: 'final' },
    reportTransmitted: { type: 'final' },
  },
});

/** The machine's final states (the funds are reprogrammed or the report transmitted), read from the definition. */
export const FINAL_CYCLE_STATES: readonly string[] = Object.entries(cycleMachine.states)
  .filter(([, node]) => node.type === 'final')
  .map(([name]) => name);

export const cycleWorkflow: Workflow<CycleContext, CycleEvent> = {
  name: 'cycle',
  machine: cycleMachine,
  rules: cycleRules,
  clientEvents: CYCLE_CLIENT_EVENTS,
};
