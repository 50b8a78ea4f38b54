import { AnyStateMachine, transition } from 'xstate';
import { DomainError, DomainErrorKind } from '../common/domain-error';

/** Who sends an event; machines read identity and roles from the event, never from I/O. */
export interface Actor {
  username: string;
  roles: readonly string[];
}

/** What is stored per record: the state value and the machine context, nothing derived. */
export interface PersistedMachineState<TContext = Record<string, unknown>> {
  value: string;
  context: TContext;
}

export type CheckKind = Extract<DomainErrorKind, 'forbidden' | 'invalid' | 'conflict'>;

/**
 * One named precondition of an event. The machine's guards are built from these lists,
 * and the same lists explain a refusal: `forbidden` (role, separation of duties) -> 403,
 * `invalid` (a missing request field) -> 400, `conflict` (the record itself) -> 409.
 */
export interface Check<TContext, TEvent> {
  kind: CheckKind;
  code: string;
  message: string;
  test: (context: TContext, event: TEvent) => boolean;
}

export type Rules<TContext, TEvent extends { type: string }> = {
  [K in TEvent['type']]: ReadonlyArray<Check<TContext, Extract<TEvent, { type: K }>>>;
};

// Authorisation is judged before input, input before the record's own guards.
const KIND_ORDER: Record<CheckKind, number> = { forbidden: 0, invalid: 1, conflict: 2 };

export function firstFailure<TContext, TEvent>(
  checks: ReadonlyArray<Check<TContext, TEvent>>,
  context: TContext,
  event: TEvent,
  kinds?: ReadonlyArray<CheckKind>,
): Check<TContext, TEvent> | undefined {
  return [...checks]
    .filter((check) => !kinds || kinds.includes(check.kind))
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind])
    .find((check) => !check.test(context, event));
}

/** XState guards, one per event type, each passing when every check of its event passes. */
export function guardsFromRules<TContext, TEvent extends { type: string }>(rules: Rules<TContext, TEvent>) {
  const guards: Record<string, (args: { context: TContext; event: TEvent }) => boolean> = {};
  for (const type of Object.keys(rules) as Array<TEvent['type']>) {
    const checks = rules[type] as ReadonlyArray<Check<TContext, TEvent>>;
    guards[`may_${type}`] = ({ context, event }) => firstFailure(checks, context, event) === undefined;
  }
  return guards;
}

export interface Workflow<TContext, TEvent extends { type: string; actor: Actor }> {
  name: string;
  machine: AnyStateMachine;
  rules: Rules<TContext, TEvent>;
  /** Events a client may name in a request; others (system events, edits) are sent by services. */
  clientEvents: ReadonlyArray<TEvent['type']>;
}

export function restoreSnapshot(machine: AnyStateMachine, persisted: PersistedMachineState<unknown>) {
  return machine.resolveState({ value: persisted.value, context: persisted.context as Record<string, unknown> });
}

export function initialState<TContext>(machine: AnyStateMachine, context: TContext): PersistedMachineState<TContext> {
  const snapshot = machine.resolveState({ value: machine.config.initial as string, context: context as Record<string, unknown> });
  return { value: snapshot.value as string, context: snapshot.context as TContext };
}

// Which nodes are active follows from the state value alone, never the context: resolved once per machine and value.
const acceptedByMachine = new WeakMap<AnyStateMachine, Map<string, readonly string[]>>();

/**
 * Event types the active state nodes accept at all, before any guard, read from XState's
 * own resolved snapshot (so nested or parallel regions answer too).
 */
export function acceptedEventTypes(machine: AnyStateMachine, persisted: PersistedMachineState<unknown>): readonly string[] {
  if (!machine.states[persisted.value]) return [];
  let byValue = acceptedByMachine.get(machine);
  if (!byValue) acceptedByMachine.set(machine, (byValue = new Map()));
  let accepted = byValue.get(persisted.value);
  if (!accepted) {
    const snapshot = restoreSnapshot(machine, persisted);
    accepted = Object.freeze([...new Set(snapshot._nodes.flatMap((node) => [...node.transitions.keys()] as string[]))]);
    byValue.set(persisted.value, accepted);
  }
  return accepted;
}

// Role and separation-of-duties checks only: what the actor may do in this state, whatever the request holds.
function actorMay<TContext, TEvent extends { type: string; actor: Actor }>(
  workflow: Workflow<TContext, TEvent>,
  context: TContext,
  actor: Actor,
  type: TEvent['type'],
): boolean {
  const checks = workflow.rules[type] as ReadonlyArray<Check<TContext, TEvent>>;
  return firstFailure(checks, context, { type, actor } as TEvent, ['forbidden']) === undefined;
}

/** Whether the state accepts `type` now and this actor passes its role and separation-of-duties checks. */
export function mayNow<TContext, TEvent extends { type: string; actor: Actor }>(
  workflow: Workflow<TContext, TEvent>,
  persisted: PersistedMachineState<TContext>,
  actor: Actor,
  type: TEvent['type'],
): boolean {
  return acceptedEventTypes(workflow.machine, persisted).includes(type) && actorMay(workflow, persisted.context, actor, type);
}

/** The client events this actor could send now: state, role and separation of duties applied. */
export function allowedEventsFor<TContext, TEvent extends { type: string; actor: Actor }>(
  workflow: Workflow<TContext, TEvent>,
  persisted: PersistedMachineState<TContext>,
  actor: Actor,
): Array<TEvent['type']> {
  return acceptedEventTypes(workflow.machine, persisted).filter(
    (type) => workflow.clientEvents.includes(type) && actorMay(workflow, persisted.context, actor, type),
  );
}

/**
 * Applies one event to a persisted state and returns the next one, or throws a coded
 * DomainError that says why the event was refused. Pure: no I/O, no clock.
 */
export function applyEvent<TContext, TEvent extends { type: string; actor: Actor }>(
  workflow: Workflow<TContext, TEvent>,
  persisted: PersistedMachineState<TContext>,
  event: TEvent,
): PersistedMachineState<TContext> {
  if (!acceptedEventTypes(workflow.machine, persisted).includes(event.type)) {
    throw new DomainError('conflict', 'EVENT_NOT_ALLOWED', `${event.type} is not allowed while the ${workflow.name} is in state '${persisted.value}'`, {
      state: persisted.value,
      allowedEvents: allowedEventsFor(workflow, persisted, event.actor),
    });
  }
  const checks = workflow.rules[event.type as TEvent['type']] as ReadonlyArray<Check<TContext, TEvent>>;
  const failed = firstFailure(checks, persisted.context, event);
  if (failed) {
    const details: Record<string, unknown> = { state: persisted.value };
    if (failed.kind === 'forbidden') details.allowedEvents = allowedEventsFor(workflow, persisted, event.actor);
    throw new DomainError(failed.kind, failed.code, failed.message, details);
  }
  const snapshot = restoreSnapshot(workflow.machine, persisted);
  const [next] = transition(workflow.machine, snapshot, event as never);
  return { value: next.value as string, context: next.context as TContext };
}
