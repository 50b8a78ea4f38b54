import { and, assign, setup } from 'xstate';
import { Actor, Check, guardsFromRules, Rules, Workflow } from '../workflow/machine-runtime';
import { hasRole, requireComment } from '../workflow/common-checks';

// The criterion case workflow of SPEC section 3: pure definition, no I/O, no clock.

export const FINDING_RATINGS = ['met', 'partially_met', 'not_met'] as const;
export type FindingRating = (typeof FINDING_RATINGS)[number];

export interface ProposedFinding {
  rating: FindingRating;
  rationale: string;
  narrative: string;
}

export interface ApprovedFinding extends ProposedFinding {
  approvedBy: string;
  approvedAt: string;
}

/**
 * Who wrote the assessment under review (SPEC section 3, "Authors of a round"), besides
 * its submitter: the writer of the proposed finding, and whoever added or revised a live
 * evidence item since the case last left `approved` (or opened). Only the names are kept
 * here: which item each wrote is a table of the case's (CaseWriter), so the snapshot stays
 * the same size however many items the round holds.
 */
export interface RoundAuthors {
  finding: string | null;
  evidenceWriters: string[];
}

export interface CaseContext {
  submittedBy: string | null;
  approvedFinding: ApprovedFinding | null;
  /** Absent on cases stored before authorship was recorded: then only the submitter counts. */
  authors?: RoundAuthors;
}

export const NO_ROUND_AUTHORS: RoundAuthors = { finding: null, evidenceWriters: [] };

// The round's authors with new evidence writers; the finding's writer stays.
const withEvidenceWriters = (context: CaseContext, evidenceWriters: string[]): RoundAuthors => ({ finding: context.authors?.finding ?? null, evidenceWriters });

/** Everyone who may neither approve nor return this round. */
export function roundAuthors(context: CaseContext): string[] {
  const names = [context.submittedBy, context.authors?.finding ?? null, ...(context.authors?.evidenceWriters ?? [])];
  return [...new Set(names.filter((name): name is string => !!name))].sort();
}

/** Facts about the record that guards need; the service reads them inside the write transaction. */
export interface CaseFacts {
  liveEvidenceCount: number;
  proposedFinding: ProposedFinding | null;
  cycleDecided: boolean;
}

/** Read in the write transaction when an item is retracted: the round's writers of its other live items. */
export interface RetractFacts {
  otherItemsWriters: string[];
}

/** Compared by the cycle when it moves to a newer statute version: whether this case's criterion reads differently there. */
export interface RepinFacts {
  criterionTextChanged: boolean;
}

interface Base {
  actor: Actor;
  at: string;
}
export type CaseEvent =
  | (Base & { type: 'SUBMIT_FOR_REVIEW'; facts: CaseFacts })
  | (Base & { type: 'APPROVE'; facts: CaseFacts })
  | (Base & { type: 'REQUEST_CHANGES'; comment?: string })
  | (Base & { type: 'WITHDRAW' })
  | (Base & { type: 'REOPEN'; comment?: string; facts: CaseFacts })
  | (Base & { type: 'MARK_REPORTED' })
  // The cycle moved to a newer statute version (its REPIN_STATUTE); sent by the system for each case.
  | (Base & { type: 'REPIN_STATUTE'; facts: RepinFacts })
  // Edits keep the state; they are events so that the machine alone decides when editing is open.
  | (Base & { type: 'PROPOSE_FINDING' })
  | (Base & { type: 'ADD_EVIDENCE'; evidenceId: string })
  | (Base & { type: 'REVISE_EVIDENCE'; evidenceId: string })
  | (Base & { type: 'RETRACT_EVIDENCE'; evidenceId: string; facts: RetractFacts });

export type CaseEventType = CaseEvent['type'];
export const CASE_STATES = ['evidenceGathering', 'inReview', 'approved', 'reported'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const CASE_CLIENT_EVENTS = ['SUBMIT_FOR_REVIEW', 'APPROVE', 'REQUEST_CHANGES', 'WITHDRAW', 'REOPEN'] as const;
/** The events that move a case round the review loop; the last of them says whether it came back. */
export const CASE_REVIEW_LOOP_EVENTS: ReadonlySet<string> = new Set(['SUBMIT_FOR_REVIEW', 'REQUEST_CHANGES', 'WITHDRAW', 'REOPEN', 'APPROVE']);
export const CASE_EDIT_EVENTS = ['PROPOSE_FINDING', 'ADD_EVIDENCE', 'REVISE_EVIDENCE', 'RETRACT_EVIDENCE'] as const;

const isNotAuthor: Check<CaseContext, { actor: Actor }> = {
  kind: 'forbidden',
  code: 'SEPARATION_OF_DUTIES',
  message: 'Whoever submitted the assessment, wrote its proposed finding, or added or revised its live evidence in this round cannot review it',
  test: (context, event) => !roundAuthors(context).includes(event.actor.username),
};
const isSubmitter: Check<CaseContext, { actor: Actor }> = {
  kind: 'forbidden',
  code: 'NOT_THE_SUBMITTER',
  message: 'Only the person who submitted the assessment may withdraw it',
  test: (context, event) => context.submittedBy === event.actor.username,
};
const sentBySystem = (message: string): Check<CaseContext, { actor: Actor }> => ({
  kind: 'forbidden',
  code: 'SYSTEM_EVENT',
  message,
  test: (_context, event) => event.actor.roles.includes('system'),
});
const hasLiveEvidence: Check<CaseContext, { facts: CaseFacts }> = {
  kind: 'conflict',
  code: 'NO_LIVE_EVIDENCE',
  message: 'At least one evidence item that is not retracted is required',
  test: (_context, event) => event.facts.liveEvidenceCount > 0,
};
const hasProposedFinding: Check<CaseContext, { facts: CaseFacts }> = {
  kind: 'conflict',
  code: 'NO_PROPOSED_FINDING',
  message: 'A proposed finding with a rationale is required',
  test: (_context, event) => !!event.facts.proposedFinding?.rating && !!event.facts.proposedFinding.rationale?.trim(),
};
const cycleNotDecided: Check<CaseContext, { facts: CaseFacts }> = {
  kind: 'conflict',
  code: 'CYCLE_DECIDED',
  message: 'The cycle has been decided; its cases can no longer be reopened',
  test: (_context, event) => !event.facts.cycleDecided,
};
const analyst = hasRole<CaseContext>('analyst', 'edit the assessment');

export const caseRules: Rules<CaseContext, CaseEvent> = {
  SUBMIT_FOR_REVIEW: [hasRole('analyst', 'submit an assessment for review'), hasLiveEvidence, hasProposedFinding],
  APPROVE: [hasRole('reviewer', 'approve an assessment'), isNotAuthor, hasProposedFinding],
  REQUEST_CHANGES: [hasRole('reviewer', 'request changes'), isNotAuthor, requireComment('Requesting changes')],
  WITHDRAW: [isSubmitter],
  REOPEN: [hasRole('manager', 'reopen an approved assessment'), requireComment('Reopening'), cycleNotDecided],
  MARK_REPORTED: [sentBySystem('MARK_REPORTED is sent by the system when the cycle report is transmitted')],
  REPIN_STATUTE: [sentBySystem("A case is moved to a newer statute version only by its cycle's REPIN_STATUTE")],
  PROPOSE_FINDING: [analyst],
  ADD_EVIDENCE: [analyst],
  REVISE_EVIDENCE: [analyst],
  RETRACT_EVIDENCE: [analyst],
};

const caseGuards: Record<string, (args: { context: CaseContext; event: CaseEvent }) => boolean> = {
  ...guardsFromRules(caseRules),
  // Used only on REPIN_STATUTE transitions.
  criterionTextChanged: ({ event }) => (event as Extract<CaseEvent, { type: 'REPIN_STATUTE' }>).facts.criterionTextChanged,
};

export const caseMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseEvent,
  },
  guards: caseGuards,
  actions: {
    recordSubmitter: assign({ submittedBy: ({ event }) => event.actor.username }),
    recordApprovedFinding: assign({
      approvedFinding: ({ event }) => {
        const proposed = (event as Extract<CaseEvent, { type: 'APPROVE' }>).facts.proposedFinding!;
        return { ...proposed, approvedBy: event.actor.username, approvedAt: event.at };
      },
    }),
    clearApprovedFinding: assign({ approvedFinding: null }),
    recordFindingAuthor: assign({ authors: ({ context, event }) => ({ ...NO_ROUND_AUTHORS, ...context.authors, finding: event.actor.username }) }),
    recordEvidenceAuthor: assign({
      authors: ({ context, event }) => {
        const writers = context.authors?.evidenceWriters ?? [];
        return withEvidenceWriters(context, writers.includes(event.actor.username) ? writers : [...writers, event.actor.username].sort());
      },
    }),
    // A retracted item is no longer live: its writers stay authors only through the round's other live items.
    forgetEvidenceAuthors: assign({
      authors: ({ context, event }) => {
        const { facts } = event as Extract<CaseEvent, { type: 'RETRACT_EVIDENCE' }>;
        return withEvidenceWriters(context, [...new Set(facts.otherItemsWriters)].sort());
      },
    }),
    // Leaving `approved` starts a new round: earlier evidence work no longer makes an author.
    startNewRound: assign({ authors: ({ context }) => withEvidenceWriters(context, []) }),
  },
}).createMachine({
  id: 'criterionCase',
  initial: 'evidenceGathering',
  context: { submittedBy: null, approvedFinding: null, authors: NO_ROUND_AUTHORS },
  states: {
    evidenceGathering: {
      on: {
        SUBMIT_FOR_REVIEW: { target: 'inReview', guard: 'may_SUBMIT_FOR_REVIEW', actions: 'recordSubmitter' },
        PROPOSE_FINDING: { guard: 'may_PROPOSE_FINDING', actions: 'recordFindingAuthor' },
        ADD_EVIDENCE: { guard: 'may_ADD_EVIDENCE', actions: 'recordEvidenceAuthor' },
        REVISE_EVIDENCE: { guard: 'may_REVISE_EVIDENCE', actions: 'recordEvidenceAuthor' },
        RETRACT_EVIDENCE: { guard: 'may_RETRACT_EVIDENCE', actions: 'forgetEvidenceAuthors' },
        REPIN_STATUTE: { guard: 'may_REPIN_STATUTE' },
      },
    },
    inReview: {
      on: {
        APPROVE: { target: 'approved', guard: 'may_APPROVE', actions: 'recordApprovedFinding' },
        REQUEST_CHANGES: { target: 'evidenceGathering', guard: 'may_REQUEST_CHANGES' },
        WITHDRAW: { target: 'evidenceGathering', guard: 'may_WITHDRAW' },
        // What is under review was assessed against the old wording: it goes back for another look.
        REPIN_STATUTE: [{ target: 'evidenceGathering', guard: and(['may_REPIN_STATUTE', 'criterionTextChanged']) }, { guard: 'may_REPIN_STATUTE' }],
      },
    },
    approved: {
      on: {
        REOPEN: { target: 'evidenceGathering', guard: 'may_REOPEN', actions: ['clearApprovedFinding', 'startNewRound'] },
        MARK_REPORTED: { target: 'reported', guard: 'may_MARK_REPORTED' },
        // The approved finding was made against the old wording: it no longer stands.
        REPIN_STATUTE: [
          { target: 'evidenceGathering', guard: and(['may_REPIN_STATUTE', 'criterionTextChanged']), actions: ['clearApprovedFinding', 'startNewRound'] },
          { guard: 'may_REPIN_STATUTE' },
        ],
      },
    },
    reported: { type: 'final' },
  },
});

export const caseWorkflow: Workflow<CaseContext, CaseEvent> = {
  name: 'case',
  machine: caseMachine,
  rules: caseRules,
  clientEvents: CASE_CLIENT_EVENTS,
};
