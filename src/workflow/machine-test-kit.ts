import { AnyStateMachine } from 'xstate';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { DomainError } from '../common/domain-error';

/**
 * Walks a machine with a set of sample events (xstate/graph) and returns the states reached
 * and every `state --EVENT--> state` edge actually taken, so specs can compare them with the
 * SPEC's transition table. Used only by specs.
 */
export function walkMachine(machine: AnyStateMachine, events: Array<{ type: string }>) {
  const options = {
    events,
    serializeState: (snapshot: { value: unknown; context: unknown }) => JSON.stringify([snapshot.value, snapshot.context]),
    serializeEvent: (event: unknown) => JSON.stringify(event),
  };
  const paths = getShortestPaths(machine, options as never);
  const reached = new Set(paths.map((path) => String(path.state.value)));
  const adjacency = getAdjacencyMap(machine, options as never);
  const edges = new Set<string>();
  for (const node of Object.values(adjacency)) {
    for (const [eventKey, next] of Object.entries(node.transitions) as Array<[string, { state: { value: unknown } }]>) {
      const from = String(node.state.value);
      const to = String(next.state.value);
      const type = (JSON.parse(eventKey) as { type: string }).type;
      if (from !== to) edges.add(`${from} --${type}--> ${to}`);
    }
  }
  return { paths, reached, edges };
}

/** The DomainError a machine step throws; fails the spec when the step is accepted instead. */
export function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
