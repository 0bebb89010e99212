import type { z } from 'zod';
import { DuplicateOperationError, OperationContractError, UnknownOperationError } from './errors.js';
import type { OperationContext, OperationDefinition } from './operation.js';

// Operations of every input and output type share one table; `any` is the only
// type that accepts a handler of any parameter type here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyOperation<Ctx> = OperationDefinition<any, any, Ctx>;

export interface OperationRegistry<Ctx = OperationContext> {
  register(...operations: Array<AnyOperation<Ctx>>): void;
  has(id: string): boolean;
  get(id: string): OperationDefinition<unknown, unknown, Ctx>;
  /** Registered ids, sorted. */
  ids(): string[];
  /**
   * Runs an operation by id: validates the input, calls the handler, validates
   * the output. A handler that returns a promise gives a promise; a synchronous
   * one (e.g. inside a better-sqlite3 transaction) stays synchronous.
   */
  execute<Output = unknown>(id: string, input: unknown, ctx: Ctx): Output;
}

/** The spine's single table of operations: one id, one owner, one handler. */
export function createOperationRegistry<Ctx = OperationContext>(): OperationRegistry<Ctx> {
  const operations = new Map<string, OperationDefinition<unknown, unknown, Ctx>>();

  const get = (id: string) => {
    const operation = operations.get(id);
    if (!operation) throw new UnknownOperationError(id, [...operations.keys()].sort());
    return operation;
  };

  return {
    register(...list) {
      for (const operation of list) {
        const existing = operations.get(operation.id);
        if (existing) throw new DuplicateOperationError(operation.id, [existing.owner, operation.owner]);
        operations.set(operation.id, operation as OperationDefinition<unknown, unknown, Ctx>);
      }
    },
    has: (id) => operations.has(id),
    get,
    ids: () => [...operations.keys()].sort(),
    execute<Output>(id: string, input: unknown, ctx: Ctx): Output {
      const operation = get(id);
      const parsed = operation.input ? check(operation.id, 'input', operation.input, input) : input;
      const result = operation.handler(parsed, ctx);
      const output = operation.output;
      if (!output) return result as Output;
      if (isPromiseLike(result)) {
        return Promise.resolve(result).then((value) => check(operation.id, 'output', output, value)) as Output;
      }
      return check(operation.id, 'output', output, result) as Output;
    },
  };
}

function check<T>(id: string, side: 'input' | 'output', schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new OperationContractError(
    id,
    side,
    parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
