import type * as FastCheck from 'fast-check';
import { fc } from './fast-check.js';
import { runningTest } from '../current-test.js';
import { assertLaw, propertyParameters, type PropertyRunOptions } from './parameters.js';

/** What the real implementation answered when asked to move its subject to a state. */
export type MoveOutcome<Subject> = { readonly ok: true; readonly subject: Subject } | { readonly ok: false };

export interface StateMachineSpec<State extends string, Subject, Data = undefined> {
  /** Every state of the machine. */
  states: readonly State[];
  /** The model: the moves allowed from each state. A state without an entry allows none. */
  transitions: Partial<Record<State, readonly State[]>>;
  /**
   * Moves the implementation must reject. Default: every move the transitions do not allow.
   * When given, moves in neither list are not checked.
   */
  forbidden?: Partial<Record<State, readonly State[]>>;
  /** The state a fresh subject starts in. */
  initial: State;
  /** A fresh subject of the real implementation, in the initial state. */
  create: () => Subject | Promise<Subject>;
  /** Asks the real implementation to move `subject` to `to` (with the move's data); must not mutate a rejected subject. */
  move: (subject: Subject, to: State, data: Data) => MoveOutcome<Subject> | Promise<MoveOutcome<Subject>>;
  /** The state the real subject is in. */
  stateOf: (subject: Subject) => State;
  /**
   * Generates the data a move carries (an amount, a reason): fast-check draws one value per move of the
   * table ("from->to") for each run and shrinks them; the exploration is repeated `numRuns` times.
   */
  data?: FastCheck.Arbitrary<Data>;
  /**
   * What tells two subjects in the same state apart (e.g. a reopen count). Default: the state alone,
   * so each reachable state is explored once, through its shortest path.
   */
  identity?: (subject: Subject) => string;
  /** Longest path explored, in moves. Default: states.length - 1, enough to reach every state by its shortest path. */
  maxDepth?: number;
}

/** What an exploration covered: the bound, and how many distinct subjects and moves it checked within it. */
export interface StateMachineCoverage<State extends string> {
  /** Longest path explored, in moves. */
  bound: number;
  /** Distinct subjects (by identity) reached within the bound: the state space explored. */
  explored: number;
  /** Moves asked of the implementation (every state of the machine tried from every explored subject). */
  movesChecked: number;
  /** Model states reached, in the order breadth-first search reached them. */
  reachedStates: State[];
  /** True when no new subject lay beyond the bound: the space is exhausted, not cut off. */
  exhaustive: boolean;
}

/** One explored subject: the moves (and their data) that reach it from a fresh subject. */
interface Node<State, Data> {
  state: State;
  path: Array<{ to: State; data: Data }>;
}

type DrawData<State, Data> = (from: State, to: State) => Data;

/**
 * Checks a state machine against its transition table exhaustively: breadth-first from the
 * initial state, every explored subject is asked to move to every state. An allowed move must
 * succeed and land in its target; a forbidden one must be rejected and leave the state unchanged.
 * Breadth-first order makes the first failure the one with the shortest path, on every seed.
 * fast-check is kept for the data moves carry: with `data`, the whole exploration is one
 * property run, repeated `numRuns` times with fresh data; without it, once.
 * Returns what the exploration covered; a failure message states it too.
 */
export async function stateMachine<State extends string, Subject, Data = undefined>(
  spec: StateMachineSpec<State, Subject, Data>,
  options: PropertyRunOptions = {},
): Promise<StateMachineCoverage<State>> {
  checkSpec(spec);
  let coverage: StateMachineCoverage<State> | undefined;
  // One data value per move of the table, keyed "from->to": fixed shape, so fast-check shrinks and
  // replays it, and a counterexample names the move whose data broke it.
  const data = spec.data;
  const moves = spec.states.flatMap((from) => spec.states.map((to) => `${from}->${to}`));
  const perMove = data === undefined ? fc.constant({}) : fc.record(Object.fromEntries(moves.map((move) => [move, data])));
  const property = fc.asyncProperty(perMove, async (drawn: Record<string, Data>) => {
    const draw: DrawData<State, Data> = (from, to) => drawn[`${from}->${to}`] as Data;
    coverage = await explore(spec, draw);
  });
  // Without data the exploration is the same every run: once is all there is to check.
  const numRuns = spec.data === undefined ? 1 : propertyParameters(options).numRuns;
  await assertLaw('state machine', property, { ...options, numRuns });
  if (coverage === undefined) throw new Error('stateMachine: the exploration did not run');
  recordCoverage(coverage);
  return coverage;
}

/** Key of the running test's metadata under which the property gate finds what each state machine explored. */
export const STATE_MACHINE_META = 'plumblineStateMachines';

/** Leaves the coverage on the running test (when the runner exposes its metadata), so the gate's report states it. */
function recordCoverage<State extends string>(coverage: StateMachineCoverage<State>): void {
  const meta = runningTest()?.meta;
  if (meta === undefined) return;
  const previous = meta[STATE_MACHINE_META];
  const earlier: unknown[] = Array.isArray(previous) ? previous : [];
  meta[STATE_MACHINE_META] = [...earlier, coverage];
}

async function explore<State extends string, Subject, Data>(
  spec: StateMachineSpec<State, Subject, Data>,
  draw: DrawData<State, Data>,
): Promise<StateMachineCoverage<State>> {
  const bound = spec.maxDepth ?? spec.states.length - 1;
  const identify = spec.identity ?? spec.stateOf;
  const first = await spec.create();
  if (spec.stateOf(first) !== spec.initial) {
    throw new Error(`create() returned a subject in '${spec.stateOf(first)}', not the initial state '${spec.initial}'`);
  }
  const seen = new Set([identify(first)]);
  const reached = new Set<State>([spec.initial]);
  const coverage = { bound, explored: 1, movesChecked: 0, exhaustive: true };
  let frontier: Array<Node<State, Data>> = [{ state: spec.initial, path: [] }];
  for (let depth = 0; frontier.length > 0; depth += 1) {
    const next: Array<Node<State, Data>> = [];
    for (const node of frontier) {
      for (const to of spec.states) {
        const subject = await replay(spec, node.path);
        const data = draw(node.state, to);
        coverage.movesChecked += 1;
        const landed = await checkMove(spec, node, subject, to, data, () => describeCoverage({ ...coverage, depth }));
        if (landed === undefined) continue;
        const key = identify(landed);
        if (seen.has(key)) continue;
        if (depth + 1 > bound) {
          coverage.exhaustive = false;
          continue;
        }
        seen.add(key);
        reached.add(spec.stateOf(landed));
        coverage.explored += 1;
        next.push({ state: spec.stateOf(landed), path: [...node.path, { to, data }] });
      }
    }
    frontier = next;
  }
  return { ...coverage, reachedStates: [...reached] };
}

/** A fresh subject moved along a path that was accepted before; the implementation must accept it again. */
async function replay<State extends string, Subject, Data>(
  spec: StateMachineSpec<State, Subject, Data>,
  path: ReadonlyArray<{ to: State; data: Data }>,
): Promise<Subject> {
  let subject: Subject = await spec.create();
  for (const step of path) {
    const outcome = await spec.move(subject, step.to, step.data);
    if (!outcome.ok) {
      throw new Error(`replaying ${describePath(spec.initial, path)} was rejected at ${step.to}: move() is not deterministic`);
    }
    subject = outcome.subject;
  }
  return subject;
}

/**
 * Asks the implementation for one move and checks its answer against the model.
 * Returns the subject it landed on when the move was accepted (allowed, or unspecified and followed).
 */
async function checkMove<State extends string, Subject, Data>(
  spec: StateMachineSpec<State, Subject, Data>,
  node: Node<State, Data>,
  subject: Subject,
  to: State,
  data: Data,
  covered: () => string,
): Promise<Subject | undefined> {
  const from = node.state;
  const outcome = await spec.move(subject, to, data);
  const fail = (what: string) => new Error(`${what} (reached through ${describePath(spec.initial, node.path)}; ${covered()})`);
  if (isAllowed(spec, from, to)) {
    if (!outcome.ok) throw fail(`allowed transition ${from} -> ${to} was rejected`);
    const landed = spec.stateOf(outcome.subject);
    if (landed !== to) throw fail(`transition ${from} -> ${to} landed in '${landed}'`);
    return outcome.subject;
  }
  if (isForbidden(spec, from, to)) {
    if (outcome.ok) throw fail(`forbidden transition ${from} -> ${to} was accepted`);
    const stayed = spec.stateOf(subject);
    if (stayed !== from) throw fail(`rejected transition ${from} -> ${to} changed the state to '${stayed}'`);
    return undefined;
  }
  // Unspecified move: follow the implementation so the exploration covers where it leads.
  return outcome.ok ? outcome.subject : undefined;
}

function isAllowed<State extends string>(spec: Pick<StateMachineSpec<State, never>, 'transitions'>, from: State, to: State): boolean {
  return (spec.transitions[from] ?? []).includes(to);
}

function isForbidden<State extends string>(
  spec: Pick<StateMachineSpec<State, never>, 'transitions' | 'forbidden'>,
  from: State,
  to: State,
): boolean {
  return spec.forbidden ? (spec.forbidden[from] ?? []).includes(to) : !isAllowed(spec, from, to);
}

function describePath<State>(initial: State, path: ReadonlyArray<{ to: State }>): string {
  return [initial, ...path.map((step) => step.to)].join(' -> ');
}

function describeCoverage(coverage: { bound: number; explored: number; movesChecked: number; depth: number }): string {
  return (
    `breadth-first to depth ${coverage.depth} of bound ${coverage.bound}: ${coverage.explored} states explored, ` +
    `${coverage.movesChecked} moves checked`
  );
}

function checkSpec<State extends string>(
  spec: Pick<StateMachineSpec<State, never>, 'states' | 'initial' | 'transitions' | 'forbidden' | 'maxDepth'>,
): void {
  const known = new Set(spec.states);
  if (known.size === 0) throw new RangeError('stateMachine: states must not be empty');
  if (!known.has(spec.initial)) throw new RangeError(`stateMachine: initial state '${spec.initial}' is not in states`);
  if (spec.maxDepth !== undefined && (!Number.isSafeInteger(spec.maxDepth) || spec.maxDepth < 0)) {
    throw new RangeError(`stateMachine: maxDepth must be a whole number >= 0, got ${spec.maxDepth}`);
  }
  for (const [name, table] of [
    ['transitions', spec.transitions],
    ['forbidden', spec.forbidden ?? {}],
  ] as const) {
    for (const [from, targets] of Object.entries(table) as Array<[State, readonly State[]]>) {
      for (const state of [from, ...targets]) {
        if (!known.has(state)) throw new RangeError(`stateMachine: ${name} names unknown state '${state}'`);
      }
    }
  }
  for (const [from, targets] of Object.entries(spec.forbidden ?? {}) as Array<[State, readonly State[]]>) {
    const both = targets.find((to) => isAllowed(spec, from, to));
    if (both) throw new RangeError(`stateMachine: ${from} -> ${both} is both allowed and forbidden`);
  }
}
