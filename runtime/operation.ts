import type { z } from 'zod';

/** What the spine passes to every handler besides the input (request scope, clock, unit of work...). */
export type OperationContext = Record<string, unknown>;

export interface OperationDefinition<Input = unknown, Output = unknown, Ctx = OperationContext> {
  /** Stable id, `<domain>.<verb>`, e.g. `policies.evaluate`. */
  readonly id: string;
  /** The one domain that owns the operation. */
  readonly owner: string;
  readonly critical: boolean;
  readonly input: z.ZodType<Input> | undefined;
  readonly output: z.ZodType<Awaited<Output>> | undefined;
  readonly handler: (input: Input, ctx: Ctx) => Output;
}

export interface OperationDeclaration<Input, Output, Ctx> {
  id: string;
  owner: string;
  critical?: boolean;
  input?: z.ZodType<Input>;
  output?: z.ZodType<Awaited<NoInfer<Output>>>;
  handler: (input: Input, ctx: Ctx) => Output;
}

const OPERATION_ID = /^[a-z][\w-]*(\.[a-z][\w-]*)+$/i;

/**
 * Declares an operation. The declaration is data (frozen) so static analysis can
 * read it and the registry can execute it; nothing runs until it is registered.
 */
export function defineOperation<Input, Output, Ctx = OperationContext>(
  declaration: OperationDeclaration<Input, Output, Ctx>,
): OperationDefinition<Input, Output, Ctx> {
  if (!OPERATION_ID.test(declaration.id)) {
    throw new TypeError(`operation id '${declaration.id}' must look like '<domain>.<name>' (letters, digits, _ and -)`);
  }
  if (declaration.owner.trim() === '') throw new TypeError(`operation '${declaration.id}' needs an owner`);
  if (typeof declaration.handler !== 'function') throw new TypeError(`operation '${declaration.id}' needs a handler function`);
  return Object.freeze({
    id: declaration.id,
    owner: declaration.owner,
    critical: declaration.critical ?? false,
    input: declaration.input,
    output: declaration.output,
    handler: declaration.handler,
  });
}
