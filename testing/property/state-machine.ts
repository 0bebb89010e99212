import fc from 'fast-check';
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

  const commands = spec.states.map((to) => fc.constant(new MoveCommand(to, spec, allowed, forbidden)));
  const property = fc.asyncProperty(fc.commands(commands, {
      maxCommands: spec.maxCommands ?? 30,
      ...(options.replayPath === undefined ? {} : { replayPath: options.replayPath }),
    }), async (sequence) => {
    const subject = await spec.create();
    if (spec.stateOf(subject) !== spec.initial) {
      throw new Error(`create() returned a subject in '${spec.stateOf(subject)}', not the initial state '${spec.initial}'`);
    }
    await fc.asyncModelRun(() => ({ model: { state: spec.initial }, real: { subject } }), sequence);
  });
  await assertLaw('state machine', property, options);
}

class MoveCommand<State extends string, Subject> implements fc.AsyncCommand<Model<State>, Real<Subject>> {
  constructor(
    private readonly to: State,
    private readonly spec: StateMachineSpec<State, Subject>,
    private readonly allowed: (from: State, to: State) => boolean,
    private readonly forbidden: (from: State, to: State) => boolean,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: Model<State>, real: Real<Subject>): Promise<void> {
    const from = model.state;
    const outcome = await this.spec.move(real.subject, this.to);
    if (this.allowed(from, this.to)) {
      if (!outcome.ok) throw new Error(`allowed transition ${from} -> ${this.to} was rejected`);
      const landed = this.spec.stateOf(outcome.subject);
      if (landed !== this.to) throw new Error(`transition ${from} -> ${this.to} landed in '${landed}'`);
      real.subject = outcome.subject;
      model.state = this.to;
    } else if (this.forbidden(from, this.to)) {
      if (outcome.ok) throw new Error(`forbidden transition ${from} -> ${this.to} was accepted`);
      const stayed = this.spec.stateOf(real.subject);
      if (stayed !== from) throw new Error(`rejected transition ${from} -> ${this.to} changed the state to '${stayed}'`);
    } else if (outcome.ok) {
      // Unspecified move: follow the implementation so the run keeps exploring.
      real.subject = outcome.subject;
      model.state = this.spec.stateOf(outcome.subject);
    }
  }

  toString(): string {
    return `move(${this.to})`;
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
