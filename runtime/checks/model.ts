import { z } from 'zod';

/** How bad a violated check is; carried into evidence and errors. */
export const SeveritySchema = z.enum(['low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof SeveritySchema>;

/** `monitor` records a violation and lets the operation finish; `enforce` rejects the operation. */
export const CheckModeSchema = z.enum(['monitor', 'enforce']);
export type CheckMode = z.infer<typeof CheckModeSchema>;

/** The four places a check can sit in an operation. */
export const CheckKindSchema = z.enum(['invariant', 'pre', 'post', 'forbidden']);
export type CheckKind = z.infer<typeof CheckKindSchema>;

const CHECK_ID = /^[A-Za-z][\w.:-]*$/;
const checkId = z.string().regex(CHECK_ID, 'must start with a letter and hold only letters, digits, _ . : and -');
const predicate = (name: string) =>
  z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', { error: `${name} must be a function` });

/** An invariant as declared: validated by the registry and by `defineOperation`. */
export const InvariantSchema = z.strictObject({
  id: checkId,
  severity: SeveritySchema,
  condition: predicate('condition'),
  remediation: z.string().trim().min(1, 'needs a remediation: what to do when the invariant is violated'),
  mode: CheckModeSchema.optional(),
});

/** A precondition, postcondition or forbidden state as declared. */
export const SpecEntrySchema = z.strictObject({
  id: checkId,
  description: z.string().optional(),
  severity: SeveritySchema.optional(),
  check: predicate('check'),
  mode: CheckModeSchema.optional(),
});

export const OperationSpecSchema = z.strictObject({
  pre: z.array(SpecEntrySchema).optional(),
  post: z.array(SpecEntrySchema).optional(),
  forbidden: z.array(SpecEntrySchema).optional(),
});

/** What a precondition sees: the (validated) input and the state before the handler runs. */
export interface PreconditionArgs<Input = unknown, State = unknown> {
  readonly input: Input;
  readonly state: State;
}

/** What postconditions, forbidden states and invariants see: input, output and the state after the handler. */
export interface OutcomeArgs<Input = unknown, Output = unknown, State = unknown> {
  readonly input: Input;
  readonly output: Output;
  readonly state: State;
  /**
   * The state before the handler ran: taken when the operation has preconditions, or for
   * every operation with checks when the registry says `snapshotBefore: 'always'`; else undefined.
   */
  readonly before: State | undefined;
}

/** A spec entry: `check` must be a pure synchronous predicate that returns a boolean. */
export interface SpecEntry<Args> {
  id: string;
  description?: string;
  severity?: Severity;
  /** Overrides the registry's mode for this entry. */
  mode?: CheckMode;
  // Method syntax (bivariant), so the registry can hold operations of every input and output type.
  check(args: Args): boolean;
}

/** Holds when `check` returns true; checked before the handler. */
export type Predicate<Input = unknown, State = unknown> = SpecEntry<PreconditionArgs<Input, State>>;
/** Holds when `check` returns true; checked after the handler. */
export type Postcondition<Input = unknown, Output = unknown, State = unknown> = SpecEntry<OutcomeArgs<Input, Output, State>>;
/** A state that must never be reached: violated when `check` returns TRUE; checked after the handler. */
export type ForbiddenState<Input = unknown, Output = unknown, State = unknown> = SpecEntry<OutcomeArgs<Input, Output, State>>;

export interface OperationSpec<Input = unknown, Output = unknown, State = unknown> {
  pre?: Array<Predicate<Input, State>>;
  post?: Array<Postcondition<Input, Output, State>>;
  forbidden?: Array<ForbiddenState<Input, Output, State>>;
}

/** A business rule that must hold after every execution; `condition` is a pure synchronous predicate. */
export interface Invariant<Input = unknown, Output = unknown, State = unknown> {
  id: string;
  severity: Severity;
  condition(args: OutcomeArgs<Input, Output, State>): boolean;
  remediation: string;
  /** Overrides the registry's mode for this invariant. */
  mode?: CheckMode;
}
