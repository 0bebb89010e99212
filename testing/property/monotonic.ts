import type * as FastCheck from 'fast-check';
import { fc } from './fast-check.js';
import { assertLaw, type PropertyRunOptions } from './parameters.js';

/** How outputs are ranked: a list from lowest to highest, or a compare function. */
export type OutputOrder<Out> = readonly Out[] | ((a: Out, b: Out) => number);

export interface MonotonicSpec<In, Out, Context> {
  /** Generates inputs. */
  in: FastCheck.Arbitrary<In>;
  /** Ranks outputs: a list from lowest to highest (every output must be in it), or a compare function. */
  out: OutputOrder<Out>;
  /** Whether outputs rise ('non-decreasing', default) or fall ('non-increasing') as inputs rise. */
  order?: 'non-decreasing' | 'non-increasing';
  /** Orders inputs. Default: `<` on numbers, strings or bigints. */
  compareIn?: (a: In, b: In) => number;
  /** Generates what stays fixed while the input varies (a rule set, a config); passed to fn. */
  with?: FastCheck.Arbitrary<Context>;
}

/**
 * Checks that fn is monotonic: for any two inputs a <= b (with the same
 * context), fn(a) ranks no higher (non-decreasing) or no lower (non-increasing)
 * than fn(b). Catches a threshold that lets a larger value earn a laxer decision.
 */
export async function monotonic<In, Out, Context = undefined>(
  fn: (input: In, context: Context) => Out,
  spec: MonotonicSpec<In, Out, Context>,
  options: PropertyRunOptions = {},
): Promise<void> {
  const rank = outputComparator(spec.out);
  const compareIn = spec.compareIn ?? naturalOrder;
  const direction = (spec.order ?? 'non-decreasing') === 'non-decreasing' ? 1 : -1;
  // A record, so a counterexample names its inputs: {"with":…,"a":91,"b":51}, not [undefined,91,51].
  const inputs = { ...(spec.with === undefined ? {} : { with: spec.with }), a: spec.in, b: spec.in };
  const property = fc.property(fc.record(inputs), (named) => {
    const fixed = (named as { with?: Context }).with as Context;
    const [low, high] = compareIn(named.a, named.b) <= 0 ? [named.a, named.b] : [named.b, named.a];
    const lowOut = fn(low, fixed);
    const highOut = fn(high, fixed);
    if (direction * rank(lowOut, highOut) > 0) {
      throw new Error(
        `not monotonic (${spec.order ?? 'non-decreasing'}): f(${fc.stringify(low)}) = ${fc.stringify(lowOut)} ` +
          `but f(${fc.stringify(high)}) = ${fc.stringify(highOut)}`,
      );
    }
  });
  await assertLaw('monotonic', property, options);
}

function outputComparator<Out>(order: OutputOrder<Out>): (a: Out, b: Out) => number {
  if (typeof order === 'function') return order;
  return (a, b) => indexIn(order, a) - indexIn(order, b);
}

function indexIn<Out>(ranking: readonly Out[], value: Out): number {
  const index = ranking.findIndex((item) => Object.is(item, value));
  if (index < 0) throw new Error(`output ${fc.stringify(value)} is not in the ranking ${fc.stringify(ranking)}`);
  return index;
}

function naturalOrder<In>(a: In, b: In): number {
  const kinds = new Set([typeof a, typeof b]);
  if (kinds.size !== 1 || !['number', 'string', 'bigint'].includes(typeof a)) {
    throw new TypeError('monotonic: give compareIn for inputs that are not numbers, strings or bigints');
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
