/**
 * Type tests of defineOperation's check arguments, compiled by `npm run typecheck` (tsc over test/)
 * in CI: an `expectTypeOf` that no longer holds, or an `@ts-expect-error` line that no longer errs,
 * fails the build. Nothing here runs.
 */
import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import { defineOperation } from '../../runtime/index.js';

const PriceInput = z.object({ orderId: z.string(), quantity: z.number() });
const PriceOutput = z.object({ total: z.number(), currency: z.literal('EUR') });
type Price = z.infer<typeof PriceOutput>;
type PriceRequest = z.infer<typeof PriceInput>;

// Schemas given, handler unannotated and declared after the checks: the checks are typed from the schemas.
defineOperation({
  id: 'orders.price',
  owner: 'orders',
  input: PriceInput,
  output: PriceOutput,
  spec: {
    pre: [
      {
        id: 'positive-quantity',
        check: ({ input }) => {
          expectTypeOf(input).toEqualTypeOf<PriceRequest>();
          return input.quantity > 0;
        },
      },
    ],
    post: [
      {
        id: 'non-negative-total',
        check: ({ input, output }) => {
          expectTypeOf(input).toEqualTypeOf<PriceRequest>();
          expectTypeOf(output).toEqualTypeOf<Price>();
          return output.total >= 0;
        },
      },
    ],
    forbidden: [
      {
        id: 'free-order',
        check: ({ output }) => {
          expectTypeOf(output).toEqualTypeOf<Price>();
          // @ts-expect-error: the output schema has no `discount`
          return output.discount === 1;
        },
      },
    ],
  },
  invariants: [
    {
      id: 'INV-ORD-001',
      severity: 'high',
      remediation: 'price from the catalogue',
      condition: ({ input, output }) => {
        expectTypeOf(input).toEqualTypeOf<PriceRequest>();
        expectTypeOf(output).toEqualTypeOf<Price>();
        return output.total >= input.quantity * 0;
      },
    },
  ],
  handler: (input) => ({ total: input.quantity * 2, currency: 'EUR' as const }),
});

// No output schema: the output is the handler's resolved return type (async handler declared before the checks).
defineOperation({
  id: 'orders.quote',
  owner: 'orders',
  input: PriceInput,
  handler: async (input) => ({ total: input.quantity * 3 }),
  spec: {
    post: [
      {
        id: 'quoted',
        check: ({ output }) => {
          expectTypeOf(output).toEqualTypeOf<{ total: number }>();
          return output.total >= 0;
        },
      },
    ],
  },
  invariants: [{ id: 'INV-ORD-002', severity: 'low', remediation: 'quote', condition: ({ output }) => output.total >= 0 }],
});

// No schema at all: input and output come from the annotated handler, wherever it sits.
defineOperation({
  id: 'orders.count',
  owner: 'orders',
  spec: {
    pre: [{ id: 'some', check: ({ input }) => input.items.length > 0 }],
    post: [{ id: 'counted', check: ({ input, output }) => output === input.items.length }],
  },
  handler: (input: { items: string[] }) => input.items.length,
});

// An output schema that does not describe what the handler returns is an error.
defineOperation({
  id: 'orders.mislabelled',
  owner: 'orders',
  input: PriceInput,
  // @ts-expect-error: the handler returns a string total, the schema says number
  output: PriceOutput,
  handler: (input) => ({ total: String(input.quantity), currency: 'EUR' as const }),
});
