import { z } from 'zod';
import { OperationDeclarationError } from './errors.js';
import {
  InvariantSchema,
  OperationSpecSchema,
  type ForbiddenState,
  type Invariant,
  type OperationSpec,
  type Postcondition,
  type Predicate,
} from './checks/model.js';
import { OPERATION_ID_MESSAGE, OPERATION_ID_PATTERN } from './operation-id.js';
import { toContractIssues } from './zod-issues.js';

/** What the spine passes to every handler besides the input (request scope, clock, repositories...). */
export type OperationContext = Record<string, unknown>;

/** A declared operation, frozen: static analysis reads the declaration, the registry executes it. */
export interface OperationDefinition<Input = unknown, Output = unknown, Ctx = OperationContext, State = unknown> {
  /** Stable id, `<domain>.<verb>`, e.g. `policies.evaluate`. */
  readonly id: string;
  /** The one domain that owns the operation. */
  readonly owner: string;
  readonly critical: boolean;
  readonly input: z.ZodType<Input> | undefined;
  readonly output: z.ZodType<Awaited<Output>> | undefined;
  readonly spec: {
    readonly pre: ReadonlyArray<Predicate<Input, State>>;
    readonly post: ReadonlyArray<Postcondition<Input, Awaited<Output>, State>>;
    readonly forbidden: ReadonlyArray<ForbiddenState<Input, Awaited<Output>, State>>;
  };
  readonly invariants: ReadonlyArray<Invariant<Input, Awaited<Output>, State>>;
  readonly handler: (input: Input, ctx: Ctx) => Output;
}

/**
 * What `defineOperation` takes. Static analyzers read it from source, so keep
 * every property an object-literal property of the call.
 * `Checked` is what postconditions, forbidden states and invariants see as `output`:
 * the `output` schema's type when one is given (so checks are typed wherever they sit),
 * else the handler's resolved return type.
 */
export interface OperationDeclaration<Input, Output, Ctx, State = unknown, Checked = Awaited<Output>> {
  id: string;
  owner: string;
  critical?: boolean;
  input?: z.ZodType<Input>;
  /** Types the checks (`Checked`) and must describe what the handler returns. */
  output?: z.ZodType<Checked> & z.ZodType<Awaited<NoInfer<Output>>>;
  spec?: OperationSpec<NoInfer<Input>, NoInfer<Checked>, State>;
  invariants?: Array<Invariant<NoInfer<Input>, NoInfer<Checked>, State>>;
  handler: (input: Input, ctx: Ctx) => Output;
}

const zodSchema = z.custom<z.ZodType>((value) => typeof (value as { safeParse?: unknown } | null)?.safeParse === 'function', {
  error: 'must be a zod schema',
});

const DeclarationSchema = z
  .strictObject({
    id: z.string().regex(OPERATION_ID_PATTERN, OPERATION_ID_MESSAGE),
    owner: z.string().trim().min(1, 'needs an owner: the one domain that owns the operation'),
    critical: z.boolean().optional(),
    input: zodSchema.optional(),
    output: zodSchema.optional(),
    spec: OperationSpecSchema.optional(),
    invariants: z.array(InvariantSchema).optional(),
    handler: z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', { error: 'needs a handler function' }),
  })
  .superRefine((declaration, ctx) => {
    // Evidence is keyed by (operation, check id), so one id must name one check.
    const seen = new Map<string, string>();
    const entries: Array<[string, Array<{ id: string }> | undefined]> = [
      ['spec.pre', declaration.spec?.pre],
      ['spec.post', declaration.spec?.post],
      ['spec.forbidden', declaration.spec?.forbidden],
      ['invariants', declaration.invariants],
    ];
    for (const [where, list] of entries) {
      list?.forEach((entry, index) => {
        const first = seen.get(entry.id);
        if (first)
          ctx.addIssue({
            code: 'custom',
            path: [...where.split('.'), index, 'id'],
            message: `check id '${entry.id}' is already used by ${first}`,
          });
        else seen.set(entry.id, `${where}[${index}]`);
      });
    }
  });

/**
 * Declares an operation: validates the declaration (zod) and freezes it. Nothing
 * runs until it is registered; a malformed declaration is an OperationDeclarationError.
 */
export function defineOperation<Input, Output, Ctx = OperationContext, State = unknown, Checked = Awaited<Output>>(
  declaration: OperationDeclaration<Input, Output, Ctx, State, Checked>,
): OperationDefinition<Input, Output, Ctx, State> {
  const parsed = DeclarationSchema.safeParse(declaration);
  if (!parsed.success) {
    const id = (declaration as { id?: unknown } | null)?.id;
    throw new OperationDeclarationError(typeof id === 'string' ? id : undefined, toContractIssues(parsed.error));
  }
  // Keep the caller's entries themselves (zod's parse returns copies); freeze the lists.
  const spec = declaration.spec ?? {};
  return Object.freeze({
    id: declaration.id,
    owner: declaration.owner,
    critical: declaration.critical ?? false,
    input: declaration.input,
    output: declaration.output,
    spec: Object.freeze({
      pre: Object.freeze([...(spec.pre ?? [])]),
      post: Object.freeze([...(spec.post ?? [])]),
      forbidden: Object.freeze([...(spec.forbidden ?? [])]),
    }),
    invariants: Object.freeze([...(declaration.invariants ?? [])]),
    handler: declaration.handler,
  }) as OperationDefinition<Input, Output, Ctx, State>;
}
