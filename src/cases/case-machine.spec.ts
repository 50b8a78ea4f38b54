import { applyEvent, allowedEventsFor, initialState, PersistedMachineState } from '../workflow/machine-runtime';
import { refusal, walkMachine } from '../workflow/machine-test-kit';
import { CASE_STATES, CaseContext, CaseEvent, CaseFacts, caseMachine, caseWorkflow, NO_ROUND_AUTHORS, roundAuthors } from './case-machine';

const at = '2026-01-02T03:04:05.000Z';
const analyst = { username: 'ana', roles: ['analyst'] };
const reviewer = { username: 'rev', roles: ['reviewer'] };
const reviewerAnalyst = { username: 'ra', roles: ['reviewer', 'analyst'] };
const manager = { username: 'man', roles: ['manager'] };
const system = { username: 'system', roles: ['system'] };
const submitEvent = (): CaseEvent => ({ type: 'SUBMIT_FOR_REVIEW', actor: analyst, at, facts: ready });
const ready: CaseFacts = {
  liveEvidenceCount: 1,
  proposedFinding: { rating: 'not_met', rationale: 'Prosecutions stalled', narrative: 'n' },
  cycleDecided: false,
};

const validEvents: CaseEvent[] = [
  { type: 'SUBMIT_FOR_REVIEW', actor: analyst, at, facts: ready },
  { type: 'APPROVE', actor: reviewer, at, facts: ready },
  { type: 'REQUEST_CHANGES', actor: reviewer, at, comment: 'Cite the CNDH recommendation' },
  { type: 'WITHDRAW', actor: analyst, at },
  { type: 'REOPEN', actor: manager, at, comment: 'New Ayotzinapa findings', facts: ready },
  { type: 'MARK_REPORTED', actor: system, at },
  { type: 'REPIN_STATUTE', actor: system, at, facts: { criterionTextChanged: true } },
  { type: 'REPIN_STATUTE', actor: system, at, facts: { criterionTextChanged: false } },
];

function reach(...events: CaseEvent[]): PersistedMachineState<CaseContext> {
  return events.reduce((state, event) => applyEvent(caseWorkflow, state, event), initialState<CaseContext>(caseMachine, { submittedBy: null, approvedFinding: null, authors: NO_ROUND_AUTHORS }));
}

describe('criterion case machine', () => {
  it('reaches every state and takes exactly the transitions of the SPEC table', () => {
    const { reached, edges } = walkMachine(caseMachine, validEvents);
    expect([...reached].sort()).toEqual([...CASE_STATES].sort());
    expect([...edges].sort()).toEqual(
      [
        'evidenceGathering --SUBMIT_FOR_REVIEW--> inReview',
        'inReview --APPROVE--> approved',
        'inReview --REQUEST_CHANGES--> evidenceGathering',
        'inReview --WITHDRAW--> evidenceGathering',
        'approved --REOPEN--> evidenceGathering',
        'approved --MARK_REPORTED--> reported',
        'inReview --REPIN_STATUTE--> evidenceGathering',
        'approved --REPIN_STATUTE--> evidenceGathering',
      ].sort(),
    );
  });

  it('takes no transition on events whose guards fail', () => {
    const blocked: CaseEvent[] = [
      { type: 'SUBMIT_FOR_REVIEW', actor: reviewer, at, facts: ready },
      { type: 'SUBMIT_FOR_REVIEW', actor: analyst, at, facts: { ...ready, liveEvidenceCount: 0 } },
      { type: 'SUBMIT_FOR_REVIEW', actor: analyst, at, facts: { ...ready, proposedFinding: null } },
    ];
    const { reached } = walkMachine(caseMachine, blocked);
    expect([...reached]).toEqual(['evidenceGathering']);
  });

  it('records the submitter and the approved finding, and clears the finding on reopen', () => {
    const approved = reach(validEvents[0], validEvents[1]);
    expect(approved.value).toBe('approved');
    expect(approved.context.submittedBy).toBe('ana');
    expect(approved.context.approvedFinding).toEqual({ ...ready.proposedFinding, approvedBy: 'rev', approvedAt: at });
    const reopened = applyEvent(caseWorkflow, approved, validEvents[4]);
    expect(reopened.value).toBe('evidenceGathering');
    expect(reopened.context.approvedFinding).toBeNull();
  });

  it('refuses an event the state does not accept with EVENT_NOT_ALLOWED and the allowed events', () => {
    const error = refusal(() => reach({ type: 'APPROVE', actor: reviewer, at, facts: ready }));
    expect(error.kind).toBe('conflict');
    expect(error.code).toBe('EVENT_NOT_ALLOWED');
    expect(error.details).toEqual({ state: 'evidenceGathering', allowedEvents: [] });
  });

  it('enforces separation of duties by identity, not role', () => {
    const inReview = reach({ type: 'SUBMIT_FOR_REVIEW', actor: reviewerAnalyst, at, facts: ready });
    const error = refusal(() => applyEvent(caseWorkflow, inReview, { type: 'APPROVE', actor: reviewerAnalyst, at, facts: ready }));
    expect(error.kind).toBe('forbidden');
    expect(error.code).toBe('SEPARATION_OF_DUTIES');
    expect(allowedEventsFor(caseWorkflow, inReview, reviewerAnalyst)).toEqual(['WITHDRAW']);
    expect(allowedEventsFor(caseWorkflow, inReview, reviewer)).toEqual(['APPROVE', 'REQUEST_CHANGES']);
  });

  it('orders refusals: role before missing input before record guards', () => {
    const inReview = reach(validEvents[0]);
    expect(refusal(() => applyEvent(caseWorkflow, inReview, { type: 'REQUEST_CHANGES', actor: manager, at })).code).toBe('ROLE_REQUIRED');
    expect(refusal(() => applyEvent(caseWorkflow, inReview, { type: 'REQUEST_CHANGES', actor: reviewer, at, comment: '  ' })).code).toBe('COMMENT_REQUIRED');
    expect(refusal(() => applyEvent(caseWorkflow, inReview, { type: 'WITHDRAW', actor: { username: 'other', roles: ['analyst'] }, at })).code).toBe('NOT_THE_SUBMITTER');
    const fresh = reach();
    expect(refusal(() => applyEvent(caseWorkflow, fresh, { type: 'SUBMIT_FOR_REVIEW', actor: analyst, at, facts: { ...ready, liveEvidenceCount: 0 } })).code).toBe('NO_LIVE_EVIDENCE');
    expect(refusal(() => applyEvent(caseWorkflow, fresh, { type: 'SUBMIT_FOR_REVIEW', actor: analyst, at, facts: { ...ready, proposedFinding: { rating: 'met', rationale: ' ', narrative: '' } } })).code).toBe('NO_PROPOSED_FINDING');
    const approved = reach(validEvents[0], validEvents[1]);
    expect(refusal(() => applyEvent(caseWorkflow, approved, { type: 'REOPEN', actor: manager, at, comment: 'x', facts: { ...ready, cycleDecided: true } })).code).toBe('CYCLE_DECIDED');
  });

  it('never lets a client role send MARK_REPORTED', () => {
    const approved = reach(validEvents[0], validEvents[1]);
    const everyone = { username: 'root', roles: ['analyst', 'reviewer', 'manager', 'auditor', 'admin'] };
    expect(refusal(() => applyEvent(caseWorkflow, approved, { type: 'MARK_REPORTED', actor: everyone, at })).code).toBe('SYSTEM_EVENT');
    expect(allowedEventsFor(caseWorkflow, approved, everyone)).toEqual(['REOPEN']);
  });

  describe('a newer statute version (REPIN_STATUTE, sent by the system for each case of the cycle)', () => {
    const repin = (criterionTextChanged: boolean, actor = system): CaseEvent => ({ type: 'REPIN_STATUTE', actor, at, facts: { criterionTextChanged } });

    it('sends an approved case whose criterion text changed back to evidence gathering, its finding cleared and a new round begun', () => {
      const approved = reach({ type: 'ADD_EVIDENCE', evidenceId: 'e1', actor: reviewerAnalyst, at }, submitEvent(), { type: 'APPROVE', actor: reviewer, at, facts: ready });
      const repinned = applyEvent(caseWorkflow, approved, repin(true));
      expect(repinned.value).toBe('evidenceGathering');
      expect(repinned.context.approvedFinding).toBeNull();
      expect(repinned.context.authors?.evidenceWriters).toEqual([]);
      expect(repinned.context.submittedBy).toBe('ana');
    });

    it('sends a case under review back when its text changed, keeping the round', () => {
      const inReview = reach({ type: 'ADD_EVIDENCE', evidenceId: 'e1', actor: reviewerAnalyst, at }, submitEvent());
      const repinned = applyEvent(caseWorkflow, inReview, repin(true));
      expect(repinned.value).toBe('evidenceGathering');
      expect(repinned.context.authors?.evidenceWriters).toEqual(['ra']);
    });

    it('leaves every case whose text is the same where it was, with its finding', () => {
      const approved = reach(submitEvent(), { type: 'APPROVE', actor: reviewer, at, facts: ready });
      expect(applyEvent(caseWorkflow, approved, repin(false))).toEqual(approved);
      const inReview = reach(submitEvent());
      expect(applyEvent(caseWorkflow, inReview, repin(false))).toEqual(inReview);
      const fresh = reach();
      expect(applyEvent(caseWorkflow, fresh, repin(true))).toEqual(fresh);
    });

    it('is refused to every client role, is never offered, and not accepted once reported', () => {
      const approved = reach(submitEvent(), { type: 'APPROVE', actor: reviewer, at, facts: ready });
      const everyone = { username: 'root', roles: ['analyst', 'reviewer', 'manager', 'auditor', 'admin'] };
      expect(refusal(() => applyEvent(caseWorkflow, approved, repin(true, everyone))).code).toBe('SYSTEM_EVENT');
      expect(allowedEventsFor(caseWorkflow, approved, everyone)).not.toContain('REPIN_STATUTE');
      const reported = applyEvent(caseWorkflow, approved, { type: 'MARK_REPORTED', actor: system, at });
      expect(refusal(() => applyEvent(caseWorkflow, reported, repin(true))).code).toBe('EVENT_NOT_ALLOWED');
    });
  });

  it('opens editing only in evidenceGathering and only to analysts', () => {
    const fresh = reach();
    expect(applyEvent(caseWorkflow, fresh, { type: 'ADD_EVIDENCE', evidenceId: 'e1', actor: analyst, at }).value).toBe('evidenceGathering');
    expect(refusal(() => applyEvent(caseWorkflow, fresh, { type: 'ADD_EVIDENCE', evidenceId: 'e1', actor: reviewer, at })).code).toBe('ROLE_REQUIRED');
    const inReview = reach(validEvents[0]);
    for (const type of ['ADD_EVIDENCE', 'REVISE_EVIDENCE', 'RETRACT_EVIDENCE', 'PROPOSE_FINDING'] as const) {
      expect(refusal(() => applyEvent(caseWorkflow, inReview, { type, evidenceId: 'e1', actor: analyst, at, facts: { otherItemsWriters: [] } } as CaseEvent)).code).toBe('EVENT_NOT_ALLOWED');
    }
  });

  describe('separation of duties by authorship', () => {
    const submit: CaseEvent = { type: 'SUBMIT_FOR_REVIEW', actor: analyst, at, facts: ready };
    const approveBy = (actor: typeof reviewer): CaseEvent => ({ type: 'APPROVE', actor, at, facts: ready });

    it('refuses APPROVE and REQUEST_CHANGES to whoever added live evidence, and leaves them out of allowedEvents', () => {
      const inReview = reach({ type: 'ADD_EVIDENCE', evidenceId: 'e1', actor: reviewerAnalyst, at }, submit);
      expect(refusal(() => applyEvent(caseWorkflow, inReview, approveBy(reviewerAnalyst))).code).toBe('SEPARATION_OF_DUTIES');
      expect(refusal(() => applyEvent(caseWorkflow, inReview, { type: 'REQUEST_CHANGES', actor: reviewerAnalyst, at, comment: 'c' })).code).toBe('SEPARATION_OF_DUTIES');
      expect(allowedEventsFor(caseWorkflow, inReview, reviewerAnalyst)).toEqual([]);
      expect(allowedEventsFor(caseWorkflow, inReview, reviewer)).toEqual(['APPROVE', 'REQUEST_CHANGES']);
      expect(applyEvent(caseWorkflow, inReview, approveBy(reviewer)).value).toBe('approved');
    });

    it('counts the writer of the proposed finding and whoever revised an item', () => {
      const byFinding = reach({ type: 'PROPOSE_FINDING', actor: reviewerAnalyst, at }, submit);
      expect(refusal(() => applyEvent(caseWorkflow, byFinding, approveBy(reviewerAnalyst))).code).toBe('SEPARATION_OF_DUTIES');
      const byRevision = reach({ type: 'ADD_EVIDENCE', evidenceId: 'e1', actor: analyst, at }, { type: 'REVISE_EVIDENCE', evidenceId: 'e1', actor: reviewerAnalyst, at }, submit);
      expect(refusal(() => applyEvent(caseWorkflow, byRevision, approveBy(reviewerAnalyst))).code).toBe('SEPARATION_OF_DUTIES');
    });

    it('keeps the names only, once each, however many items they wrote', () => {
      const many = reach(
        { type: 'ADD_EVIDENCE', evidenceId: 'e1', actor: reviewerAnalyst, at },
        { type: 'ADD_EVIDENCE', evidenceId: 'e2', actor: analyst, at },
        { type: 'REVISE_EVIDENCE', evidenceId: 'e1', actor: reviewerAnalyst, at },
        { type: 'ADD_EVIDENCE', evidenceId: 'e3', actor: reviewerAnalyst, at },
      );
      expect(many.context.authors).toEqual({ finding: null, evidenceWriters: ['ana', 'ra'] });
    });

    it('no longer counts the writer of a retracted item, nor evidence work before the case last left approved', () => {
      const retracted = reach(
        { type: 'ADD_EVIDENCE', evidenceId: 'e1', actor: reviewerAnalyst, at },
        { type: 'ADD_EVIDENCE', evidenceId: 'e2', actor: analyst, at },
        // The writers of the round's other live items, read from the case's authorship rows.
        { type: 'RETRACT_EVIDENCE', evidenceId: 'e1', actor: analyst, at, facts: { otherItemsWriters: ['ana'] } },
        submit,
      );
      expect(retracted.context.authors?.evidenceWriters).toEqual(['ana']);
      expect(applyEvent(caseWorkflow, retracted, approveBy(reviewerAnalyst)).value).toBe('approved');
      // Someone who also wrote another live item stays an author after one of theirs is retracted.
      const stillAuthor = reach(
        { type: 'ADD_EVIDENCE', evidenceId: 'e1', actor: reviewerAnalyst, at },
        { type: 'ADD_EVIDENCE', evidenceId: 'e2', actor: reviewerAnalyst, at },
        { type: 'RETRACT_EVIDENCE', evidenceId: 'e1', actor: analyst, at, facts: { otherItemsWriters: ['ra'] } },
        submit,
      );
      expect(refusal(() => applyEvent(caseWorkflow, stillAuthor, approveBy(reviewerAnalyst))).code).toBe('SEPARATION_OF_DUTIES');
      const reopened = reach(
        { type: 'ADD_EVIDENCE', evidenceId: 'e1', actor: reviewerAnalyst, at },
        submit,
        approveBy(reviewer),
        { type: 'REOPEN', actor: manager, at, comment: 'again', facts: ready },
        { type: 'SUBMIT_FOR_REVIEW', actor: analyst, at, facts: ready },
      );
      expect(reopened.context.authors?.evidenceWriters).toEqual([]);
      expect(applyEvent(caseWorkflow, reopened, approveBy(reviewerAnalyst)).value).toBe('approved');
    });
    it('names every author once, sorted, without empty names', () => {
      expect(roundAuthors({ submittedBy: 'zed', approvedFinding: null, authors: { finding: 'bo', evidenceWriters: ['zed', 'ana'] } })).toEqual(['ana', 'bo', 'zed']);
      expect(roundAuthors({ submittedBy: null, approvedFinding: null, authors: { finding: null, evidenceWriters: ['ana'] } })).toEqual(['ana']);
      expect(roundAuthors({ submittedBy: 'zed', approvedFinding: null })).toEqual(['zed']);
    });

    it('keeps the finding writer through evidence work and a new round, and sorts what retraction leaves', () => {
      const start = reach({ type: 'PROPOSE_FINDING', actor: reviewerAnalyst, at });
      const afterEvidence = [
        { type: 'ADD_EVIDENCE', evidenceId: 'e1', actor: analyst, at },
        { type: 'RETRACT_EVIDENCE', evidenceId: 'e1', actor: analyst, at, facts: { otherItemsWriters: ['zed', 'ana', 'zed'] } },
      ].reduce((state, event) => applyEvent(caseWorkflow, state, event as CaseEvent), start);
      expect(afterEvidence.context.authors).toEqual({ finding: 'ra', evidenceWriters: ['ana', 'zed'] });
      const reopened = [submitEvent(), { type: 'APPROVE', actor: reviewer, at, facts: ready }, { type: 'REOPEN', actor: manager, at, comment: 'again', facts: ready }].reduce(
        (state, event) => applyEvent(caseWorkflow, state, event as CaseEvent),
        afterEvidence,
      );
      expect(reopened.context.authors).toEqual({ finding: 'ra', evidenceWriters: [] });
    });

    it('starts recording on a case stored before authorship was recorded, where only the submitter counted', () => {
      const legacy: PersistedMachineState<CaseContext> = { value: 'evidenceGathering', context: { submittedBy: null, approvedFinding: null } };
      expect(applyEvent(caseWorkflow, legacy, { type: 'ADD_EVIDENCE', evidenceId: 'e1', actor: analyst, at }).context.authors).toEqual({ finding: null, evidenceWriters: ['ana'] });
      expect(applyEvent(caseWorkflow, legacy, { type: 'RETRACT_EVIDENCE', evidenceId: 'e1', actor: analyst, at, facts: { otherItemsWriters: [] } }).context.authors).toEqual({
        finding: null,
        evidenceWriters: [],
      });
      const legacyApproved: PersistedMachineState<CaseContext> = { value: 'approved', context: { submittedBy: 'ana', approvedFinding: null } };
      expect(applyEvent(caseWorkflow, legacyApproved, { type: 'REOPEN', actor: manager, at, comment: 'again', facts: ready }).context.authors).toEqual({ finding: null, evidenceWriters: [] });
      const legacyInReview: PersistedMachineState<CaseContext> = { value: 'inReview', context: { submittedBy: 'ana', approvedFinding: null } };
      expect(allowedEventsFor(caseWorkflow, legacyInReview, reviewerAnalyst)).toEqual(['APPROVE', 'REQUEST_CHANGES']);
    });

    it('refuses a proposed finding without a rationale as missing, not as an error', () => {
      const noRationale = { ...ready, proposedFinding: { rating: 'met', narrative: '' } as unknown as CaseFacts['proposedFinding'] };
      expect(refusal(() => reach({ type: 'SUBMIT_FOR_REVIEW', actor: analyst, at, facts: noRationale })).code).toBe('NO_PROPOSED_FINDING');
    });
  });
});
