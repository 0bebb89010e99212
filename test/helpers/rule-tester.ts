import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

/**
 * Gives each case the shared settings unless it brings its own. (RuleTester's
 * own shared settings would be deep-merged into a case's, mixing two configs.) The rule
 * under test types the cases: NoInfer keeps a case from narrowing the options type.
 */
export function validCases<Options extends readonly unknown[]>(
  settings: Record<string, unknown>,
  cases: NoInfer<ValidTestCase<Options>>[],
): ValidTestCase<Options>[] {
  return cases.map((item) => (item.settings ? item : { ...item, settings }));
}

export function invalidCases<MessageIds extends string, Options extends readonly unknown[]>(
  settings: Record<string, unknown>,
  cases: NoInfer<InvalidTestCase<MessageIds, Options>>[],
): InvalidTestCase<MessageIds, Options>[] {
  return cases.map((item) => (item.settings ? item : { ...item, settings }));
}
