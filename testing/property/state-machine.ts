import type * as FastCheck from 'fast-check';
import { fc } from './fast-check.js';
import { assertLaw, type PropertyRunOptions } from './parameters.js';

/** What the real implementation answered when asked to move its subject to a state. */
export type MoveOutcome<Subject> = { readonly ok: true; readonly subject: Subject } | { readonly ok: false };

export interface StateMachineSpec<State extends string, Subject> {
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
  /** Asks the real implementation to move `subject` to `to`; must not mutate a rejected subject. */
  move: (subject: Subject, to: State) => MoveOutcome<Subject> | Promise<MoveOutcome<Subject>>;
  /** The state the real subject is in. */
  stateOf: (subject: Subject) => State;
  /** Longest generated command sequence. Default 30. */
  maxCommands?: number;
}

interface Model<State> {
  state: State;
  /** States visited so far, for the failure message. */
  trail: State[];
}

interface Real<Subject> {
  subject: Subject;
}

/**
 * Model-based test of a state machine: fast-check generates sequences of
 * "move to X" commands, runs each against the model and the real implementation,
 * and checks that every allowed move from a reachable state succeeds and lands in
 * X, and every forbidden one is rejected and leaves the state unchanged.
 * Failures are shrunk to the shortest sequence that shows the defect.
 */
export async function stateMachine<State extends string, Subject>(
  spec: StateMachineSpec<State, Subject>,
  options: PropertyRunOptions = {},
): Promise<void> {
  checkSpec(spec);
  const allowed = (from: State, to: State) => (spec.transitions[from] ?? []).includes(to);
  const forbidden = (from: State, to: State) =>
    spec.forbidden ? (spec.forbidden[from] ?? []).includes(to) : !allowed(from, to);

  // Half the commands follow an allowed move of the current state, so runs reach deep states;
  // the other half try any target, which is how forbidden moves from those states get tested.
  const follow = fc.nat().map((choice) => new FollowCommand(choice, spec, allowed, forbidden));
  const attempt = fc.constantFrom(...spec.states).map((to) => new MoveCommand(to, spec, allowed, forbidden));
  const commands = [follow, attempt] as Array<FastCheck.Arbitrary<FastCheck.AsyncCommand<Model<State>, Real<Subject>>>>;
  const property = fc.asyncProperty(fc.commands(commands, {
      maxCommands: spec.maxCommands ?? 30,
      ...(options.replayPath === undefined ? {} : { replayPath: options.replayPath }),
    }), async (sequence) => {
    const subject = await spec.create();
    if (spec.stateOf(subject) !== spec.initial) {
      throw new Error(`create() returned a subject in '${spec.stateOf(subject)}', not the initial state '${spec.initial}'`);
    }
    await fc.asyncModelRun(() => ({ model: { state: spec.initial, trail: [spec.initial] }, real: { subject } }), sequence);
  });
  await assertLaw('state machine', property, options);
}

/** Asks the implementation for one move and checks its answer against the model. */
async function checkMove<State extends string, Subject>(
  to: State,
  model: Model<State>,
  real: Real<Subject>,
  rules: Pick<MoveCommand<State, Subject>, 'spec' | 'allowed' | 'forbidden'>,
): Promise<void> {
  const from = model.state;
  const outcome = await rules.spec.move(real.subject, to);
  const fail = (what: string) => new Error(`${what} (reached through ${model.trail.join(' -> ')})`);
  if (rules.allowed(from, to)) {
    if (!outcome.ok) throw fail(`allowed transition ${from} -> ${to} was rejected`);
    const landed = rules.spec.stateOf(outcome.subject);
    if (landed !== to) throw fail(`transition ${from} -> ${to} landed in '${landed}'`);
    real.subject = outcome.subject;
    enter(model, to);
  } else if (rules.forbidden(from, to)) {
    if (outcome.ok) throw fail(`forbidden transition ${from} -> ${to} was accepted`);
    const stayed = rules.spec.stateOf(real.subject);
    if (stayed !== from) throw fail(`rejected transition ${from} -> ${to} changed the state to '${stayed}'`);
  } else if (outcome.ok) {
    // Unspecified move: follow the implementation so the run keeps exploring.
    real.subject = outcome.subject;
    enter(model, rules.spec.stateOf(outcome.subject));
  }
}

function enter<State>(model: Model<State>, state: State): void {
  model.state = state;
  model.trail.push(state);
}

/** "Move to X", whatever the current state: allowed or forbidden, the model says which. */
class MoveCommand<State extends string, Subject> implements FastCheck.AsyncCommand<Model<State>, Real<Subject>> {
  constructor(
    private readonly to: State,
    readonly spec: StateMachineSpec<State, Subject>,
    readonly allowed: (from: State, to: State) => boolean,
    readonly forbidden: (from: State, to: State) => boolean,
  ) {}

  check(): boolean {
    return true;
  }

  run(model: Model<State>, real: Real<Subject>): Promise<void> {
    return checkMove(this.to, model, real, this);
  }

  toString(): string {
    return `move(${this.to})`;
  }
}

/** "Take one of the allowed moves of the current state" (the choice-th, cyclically). */
class FollowCommand<State extends string, Subject> implements FastCheck.AsyncCommand<Model<State>, Real<Subject>> {
  constructor(
    private readonly choice: number,
    readonly spec: StateMachineSpec<State, Subject>,
    readonly allowed: (from: State, to: State) => boolean,
    readonly forbidden: (from: State, to: State) => boolean,
  ) {}

  check(model: Readonly<Model<State>>): boolean {
    return (this.spec.transitions[model.state] ?? []).length > 0;
  }

  run(model: Model<State>, real: Real<Subject>): Promise<void> {
    const targets = this.spec.transitions[model.state] ?? [];
    const to = targets[this.choice % targets.length] as State;
    return checkMove(to, model, real, this);
  }

  toString(): string {
    // The move taken depends on the state reached; the failure message names the states visited.
    return `follow(${this.choice})`;
  }
}

function checkSpec<State extends string>(spec: Pick<StateMachineSpec<State, never>, 'states' | 'initial' | 'transitions' | 'forbidden'>): void {
  const known = new Set(spec.states);
  if (known.size === 0) throw new RangeError('stateMachine: states must not be empty');
  if (!known.has(spec.initial)) throw new RangeError(`stateMachine: initial state '${spec.initial}' is not in states`);
  for (const [name, table] of [['transitions', spec.transitions], ['forbidden', spec.forbidden ?? {}]] as const) {
    for (const [from, targets] of Object.entries(table) as Array<[State, readonly State[]]>) {
      for (const state of [from, ...targets]) {
        if (!known.has(state)) throw new RangeError(`stateMachine: ${name} names unknown state '${state}'`);
      }
    }
  }
  for (const [from, targets] of Object.entries(spec.forbidden ?? {}) as Array<[State, readonly State[]]>) {
    const both = targets.find((to) => (spec.transitions[from] ?? []).includes(to));
    if (both) throw new RangeError(`stateMachine: ${from} -> ${both} is both allowed and forbidden`);
  }
}
