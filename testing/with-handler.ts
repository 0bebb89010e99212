import type { OperationDefinition } from '@plumbline-kit/runtime';

/**
 * The same operation (id, owner, schemas, spec, invariants) with another
 * handler: how a negative test makes an operation produce a result its real
 * handler never does, and shows that the declared checks catch it. Register the
 * copy in a registry of its own.
 *
 * A copy of a definition defineOperation already validated and froze, not a new
 * declaration: the operation analyzers must not count it as a second one.
 */
export function withHandler<Input, Output, Ctx, State>(
  operation: OperationDefinition<Input, Output, Ctx, State>,
  handler: (input: Input, ctx: Ctx) => Output,
): OperationDefinition<Input, Output, Ctx, State> {
  if (typeof handler !== 'function') throw new TypeError(`withHandler(${operation.id}): the handler must be a function`);
  return Object.freeze({ ...operation, handler });
}
