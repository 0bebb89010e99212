import type * as FastCheck from 'fast-check';
import { fc } from './fast-check.js';
import { isDeepStrictEqual } from 'node:util';
import { assertLaw, type PropertyRunOptions } from './parameters.js';

export interface ConflictResolutionSpec<Verdict, Outcome> {
  /** Generates one verdict; the laws build lists of them. */
  verdict: FastCheck.Arbitrary<Verdict>;
  /** True for a verdict that denies. */
  isDeny: (verdict: Verdict) => boolean;
  /** True for an outcome that denies. */
  deniesOutcome: (outcome: Outcome) => boolean;
  /**
   * The part of the outcome the laws compare (e.g. the decision and who decided it,
   * not a count of verdicts considered). Default: the whole outcome.
   */
  project?: (outcome: Outcome) => unknown;
  /** Longest generated verdict list. Default 8. */
  maxVerdicts?: number;
}

/** The laws, in the order they are checked. */
export const CONFLICT_RESOLUTION_LAWS = ['determinism', 'order-independence', 'idempotence', 'deny-overrides'] as const;

/**
 * Checks the laws of a conflict resolver over generated verdict lists:
 * - determinism: resolving the same verdicts twice gives the same outcome;
 * - order-independence: any permutation of the verdicts gives the same outcome;
 * - idempotence: repeating verdicts already present changes nothing;
 * - deny-overrides: if any verdict denies, the outcome denies.
 */
export async function conflictResolutionLaws<Verdict, Outcome>(
  resolve: (verdicts: readonly Verdict[]) => Outcome,
  spec: ConflictResolutionSpec<Verdict, Outcome>,
  options: PropertyRunOptions = {},
): Promise<void> {
  const project = spec.project ?? ((outcome: Outcome) => outcome);
  const same = (a: Outcome, b: Outcome) => isDeepStrictEqual(project(a), project(b));
  const lists = fc.array(spec.verdict, { maxLength: spec.maxVerdicts ?? 8 });
  const differ = (what: string, a: Outcome, b: Outcome) =>
    new Error(`${what}: ${fc.stringify(project(a))} !== ${fc.stringify(project(b))}`);

  // Records, so a counterexample names its inputs: {"verdicts":[…],"permuted":[…]}, not [[…],[…]].
  await assertLaw(
    'determinism',
    fc.property(fc.record({ verdicts: lists }), ({ verdicts }) => {
      const first = resolve(verdicts);
      const second = resolve(structuredClone(verdicts));
      if (!same(first, second)) throw differ('two resolutions of the same verdicts differ', first, second);
    }),
    options,
  );
  const permutations = lists.chain((verdicts) =>
    fc.record({
      verdicts: fc.constant(verdicts),
      permuted: fc.shuffledSubarray(verdicts, { minLength: verdicts.length, maxLength: verdicts.length }),
    }),
  );
  await assertLaw(
    'order-independence',
    fc.property(permutations, ({ verdicts, permuted }) => {
      const original = resolve(verdicts);
      const reordered = resolve(permuted);
      if (!same(original, reordered)) throw differ(`reordered to ${fc.stringify(permuted)}`, reordered, original);
    }),
    options,
  );
  await assertLaw(
    'idempotence',
    fc.property(fc.record({ verdicts: lists, repeatPicks: fc.array(fc.nat(), { maxLength: 4 }) }), ({ verdicts, repeatPicks }) => {
      const repeated = verdicts.length === 0 ? [] : repeatPicks.map((pick) => verdicts[pick % verdicts.length] as Verdict);
      const once = resolve(verdicts);
      const twice = resolve([...verdicts, ...repeated]);
      if (!same(once, twice)) throw differ(`repeating ${fc.stringify(repeated)}`, twice, once);
    }),
    options,
  );
  await assertLaw(
    'deny-overrides',
    fc.property(fc.record({ verdicts: lists }), ({ verdicts }) => {
      if (!verdicts.some(spec.isDeny)) return;
      const outcome = resolve(verdicts);
      if (!spec.deniesOutcome(outcome)) throw new Error(`a verdict denies but the outcome is ${fc.stringify(project(outcome))}`);
    }),
    options,
  );
}
