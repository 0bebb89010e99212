import { defineOperation, type OperationDefinition } from '../runtime/index.js';

/**
 * The same operation (id, owner, schemas, spec, invariants) with another
 * handler: how a negative test makes an operation produce a result its real
 * handler never does, and shows that the declared checks catch it. Register the
 * copy in a registry of its own.
 */
export function withHandler<Input, Output, Ctx, State>(
  operation: OperationDefinition<Input, Output, Ctx, State>,
  handler: (input: Input, ctx: Ctx) => Output,
): OperationDefinition<Input, Output, Ctx, State> {
  return defineOperation<Input, Output, Ctx, State>({
    id: operation.id,
    owner: operation.owner,
    critical: operation.critical,
    ...(operation.input ? { input: operation.input } : {}),
    ...(operation.output ? { output: operation.output } : {}),
    spec: { pre: [...operation.spec.pre], post: [...operation.spec.post], forbidden: [...operation.spec.forbidden] },
    invariants: [...operation.invariants],
    handler,
  });
}
