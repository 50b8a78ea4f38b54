import { assign, setup } from 'xstate';
import { Actor, Check, guardsFromRules, Rules, Workflow } from '../workflow/machine-runtime';
import { hasRole, requireComment } from '../workflow/common-checks';

// The tranche (funds decision) workflow of SPEC section 3: pure definition, no I/O, no clock.
// Each tranche of a cycle runs its own copy; REPIN_STATUTE is sent to every tranche at once.

export type DecisionType = 'release' | 'waive' | 'withhold' | 'reprogram';

export interface TrancheDecision {
  type: DecisionType;
  decidedBy: string;
  decidedAt: string;
  comment: string | null;
  destination: string | null;
  amountCents: number | null;
  memoDocumentId: string | null;
}

export interface TrancheContext {
  decision: TrancheDecision | null;
}

/** Facts the runner reads inside the write transaction for the guards. */
export interface TrancheFacts {
  allCasesApproved: boolean;
  allFindingsMet: boolean;
  /** The latest memo of the tranche exists and nothing it was built from has changed since. */
  memoFresh: boolean;
  memoDocumentId: string | null;
  withheldCents: number;
  /** The pinned statute gives this tranche a waiver. */
  waiverAvailable: boolean;
  /** Destinations the statute names for reprogrammed funds; empty when it names none. */
  reprogramTo: readonly string[];
}

interface Base {
  actor: Actor;
  at: string;
}
export type TrancheEvent =
  | (Base & { type: 'PREPARE_MEMO'; facts: TrancheFacts })
  | (Base & { type: 'RETURN_TO_ASSESSMENT'; comment?: string })
  | (Base & { type: 'DECIDE_RELEASE'; comment?: string; facts: TrancheFacts })
  | (Base & { type: 'DECIDE_WAIVE'; comment?: string; facts: TrancheFacts })
  | (Base & { type: 'DECIDE_WITHHOLD'; comment?: string; facts: TrancheFacts })
  | (Base & { type: 'DECIDE_REPROGRAM'; comment?: string; destination?: string; amountCents?: number; facts: TrancheFacts })
  | (Base & { type: 'TRANSMIT_REPORT' })
  | (Base & { type: 'RESUME_ASSESSMENT'; comment?: string })
  | (Base & { type: 'REPIN_STATUTE'; comment?: string });

export type TrancheEventType = TrancheEvent['type'];
export const TRANCHE_STATES = ['assessing', 'memoDrafted', 'releaseApproved', 'waived', 'withheld', 'reprogrammed', 'reportTransmitted'] as const;
export type TrancheState = (typeof TRANCHE_STATES)[number];
export const TRANCHE_CLIENT_EVENTS = [
  'PREPARE_MEMO',
  'RETURN_TO_ASSESSMENT',
  'DECIDE_RELEASE',
  'DECIDE_WAIVE',
  'DECIDE_WITHHOLD',
  'DECIDE_REPROGRAM',
  'TRANSMIT_REPORT',
  'RESUME_ASSESSMENT',
] as const;
/** What a client may send to a cycle: a tranche event, or the cycle-wide REPIN_STATUTE (offered only when a newer text exists). */
export const CYCLE_EVENT_TYPES = [...TRANCHE_CLIENT_EVENTS, 'REPIN_STATUTE'] as const;
/** States in which the funds decision has not been taken: cases may still be reopened. */
export const UNDECIDED_TRANCHE_STATES: readonly string[] = ['assessing', 'memoDrafted'];

type FactsEvent = { facts: TrancheFacts };
const manager = (action: string) => hasRole<TrancheContext>('manager', action);
const fact = (code: string, message: string, test: (facts: TrancheFacts) => boolean): Check<TrancheContext, FactsEvent> => ({
  kind: 'conflict', code, message, test: (_c, event) => test(event.facts),
});
const allCasesApproved = fact('CASES_NOT_APPROVED', 'Every case of the cycle must be approved (in a multi-tranche cycle, every case of this tranche) before the decision memo is prepared', (f) => f.allCasesApproved);
const memoFresh = fact('MEMO_STALE', 'Evidence or findings changed after the decision memo was rendered; prepare the memo again', (f) => f.memoFresh);
const allFindingsMet = fact('FINDINGS_NOT_MET', 'Funds may be released only when every approved finding of the tranche is met', (f) => f.allFindingsMet);
const waiverAvailable = fact('WAIVER_NOT_AVAILABLE', 'The statute gives this tranche no waiver', (f) => f.waiverAvailable);
const releaseNotPossible = fact('RELEASE_POSSIBLE', 'Every finding is met: release the funds instead of waiving the condition', (f) => !f.allFindingsMet);
const destinationGiven: Check<TrancheContext, { destination?: string }> = {
  kind: 'invalid',
  code: 'DESTINATION_REQUIRED',
  message: 'Reprogramming requires a destination',
  test: (_c, event) => typeof event.destination === 'string' && event.destination.trim().length > 0,
};
const destinationPermitted: Check<TrancheContext, { destination?: string; facts: TrancheFacts }> = {
  kind: 'invalid',
  code: 'DESTINATION_NOT_PERMITTED',
  message: 'The statute names where these funds may be reprogrammed; choose one of its destinations',
  test: (_c, event) => event.facts.reprogramTo.length === 0 || event.facts.reprogramTo.includes((event.destination ?? '').trim()),
};
const amountGiven: Check<TrancheContext, { amountCents?: number }> = {
  kind: 'invalid',
  code: 'AMOUNT_REQUIRED',
  message: 'Reprogramming requires a positive amount in cents',
  test: (_c, event) => Number.isSafeInteger(event.amountCents) && (event.amountCents as number) > 0,
};
const amountWithinWithheld: Check<TrancheContext, { amountCents?: number; facts: TrancheFacts }> = {
  kind: 'invalid',
  code: 'AMOUNT_EXCEEDS_WITHHELD',
  message: 'The reprogrammed amount cannot exceed the withheld amount',
  test: (_c, event) => (event.amountCents ?? 0) <= event.facts.withheldCents,
};

export const trancheRules: Rules<TrancheContext, TrancheEvent> = {
  PREPARE_MEMO: [manager('prepare the decision memo'), allCasesApproved],
  RETURN_TO_ASSESSMENT: [manager('return the tranche to assessment'), requireComment('Returning to assessment')],
  DECIDE_RELEASE: [manager('decide on the funds'), memoFresh, allFindingsMet],
  DECIDE_WAIVE: [manager('decide on the funds'), requireComment('A waiver (its justification)'), waiverAvailable, memoFresh, releaseNotPossible],
  DECIDE_WITHHOLD: [manager('decide on the funds'), requireComment('Withholding'), memoFresh],
  DECIDE_REPROGRAM: [manager('decide on the funds'), destinationGiven, destinationPermitted, amountGiven, amountWithinWithheld, memoFresh],
  TRANSMIT_REPORT: [manager('transmit the report')],
  RESUME_ASSESSMENT: [manager('resume the assessment')],
  REPIN_STATUTE: [manager('move the cycle to the newest statute version'), requireComment('Moving to a new statute version')],
};

function decisionOf(type: DecisionType) {
  return assign<TrancheContext, TrancheEvent, undefined, TrancheEvent, never>({
    decision: ({ event }) => {
      const e = event as Extract<TrancheEvent, { type: 'DECIDE_REPROGRAM' }>;
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

const trancheSetup = setup({
  types: {
    context: {} as TrancheContext,
    events: {} as TrancheEvent,
  },
  guards: guardsFromRules(trancheRules) as Record<string, (args: { context: TrancheContext; event: TrancheEvent }) => boolean>,
  actions: {
    recordRelease: decisionOf('release'),
    recordWaiver: decisionOf('waive'),
    recordWithhold: decisionOf('withhold'),
    recordReprogram: decisionOf('reprogram'),
    clearDecision: assign({ decision: null }),
  },
});

/**
 * The machine for one tranche, built from what its statute allows: a tranche without a waiver
 * has no DECIDE_WAIVE transition at all, so XState itself leaves it out of the allowed events.
 */
function buildTrancheMachine(options: { waiver: boolean }) {
  const decisions = {
    RETURN_TO_ASSESSMENT: { target: 'assessing', guard: 'may_RETURN_TO_ASSESSMENT' },
    DECIDE_RELEASE: { target: 'releaseApproved', guard: 'may_DECIDE_RELEASE', actions: 'recordRelease' },
    ...(options.waiver ? { DECIDE_WAIVE: { target: 'waived', guard: 'may_DECIDE_WAIVE', actions: 'recordWaiver' as const } } : {}),
    DECIDE_WITHHOLD: { target: 'withheld', guard: 'may_DECIDE_WITHHOLD', actions: 'recordWithhold' },
    DECIDE_REPROGRAM: { target: 'reprogrammed', guard: 'may_DECIDE_REPROGRAM', actions: 'recordReprogram' },
  } as const;
  return trancheSetup.createMachine({
  id: 'tranche',
  initial: 'assessing',
  context: { decision: null },
  states: {
    assessing: {
      on: {
        PREPARE_MEMO: { target: 'memoDrafted', guard: 'may_PREPARE_MEMO' },
        // Cycle-wide: the runner sends it to every tranche; the state stays, the pinned text changes.
        REPIN_STATUTE: { guard: 'may_REPIN_STATUTE' },
      },
    },
    memoDrafted: { on: decisions },
    releaseApproved: {
      on: { TRANSMIT_REPORT: { target: 'reportTransmitted', guard: 'may_TRANSMIT_REPORT' } },
    },
    waived: {
      on: { TRANSMIT_REPORT: { target: 'reportTransmitted', guard: 'may_TRANSMIT_REPORT' } },
    },
    withheld: {
      on: { RESUME_ASSESSMENT: { target: 'assessing', guard: 'may_RESUME_ASSESSMENT', actions: 'clearDecision' } },
    },
    reprogrammed: { type: 'final' },
    reportTransmitted: { type: 'final' },
  },
  });
}

/** The machine with every transition the model knows (a tranche with a waiver). */
export const trancheMachine = buildTrancheMachine({ waiver: true });
const withoutWaiver = buildTrancheMachine({ waiver: false });

/** The machine's final states (the funds are reprogrammed or the report transmitted), read from the definition. */
export const FINAL_TRANCHE_STATES: readonly string[] = Object.entries(trancheMachine.states)
  .filter(([, node]) => node.type === 'final')
  .map(([name]) => name);

export const trancheWorkflow: Workflow<TrancheContext, TrancheEvent> = {
  name: 'tranche',
  machine: trancheMachine,
  rules: trancheRules,
  clientEvents: TRANCHE_CLIENT_EVENTS,
};
const workflowWithoutWaiver: Workflow<TrancheContext, TrancheEvent> = { ...trancheWorkflow, machine: withoutWaiver };

/** The workflow for a tranche as its statute defines it. */
export function trancheWorkflowFor(tranche: { waiver: unknown }): Workflow<TrancheContext, TrancheEvent> {
  return tranche.waiver ? trancheWorkflow : workflowWithoutWaiver;
}
