import { RuleTester } from '@typescript-eslint/rule-tester';

/**
 * @typescript-eslint/rule-tester is one patch release behind @typescript-eslint/utils
 * (8.72 vs 8.73), so their nominal types differ while the runtime shapes are the same.
 */
export type TestedRule = Parameters<RuleTester['run']>[1];

export function asTestedRule(rule: unknown): TestedRule {
  return rule as TestedRule;
}

type Valid = import('@typescript-eslint/rule-tester').ValidTestCase<readonly unknown[]>;
type Invalid = import('@typescript-eslint/rule-tester').InvalidTestCase<string, readonly unknown[]>;

/**
 * Gives each case the shared settings unless it brings its own. (RuleTester's
 * own shared settings would be deep-merged into a case's, mixing two configs.)
 */
export function validCases(settings: Record<string, unknown>, cases: Valid[]): Valid[] {
  return cases.map((item) => (item.settings ? item : { ...item, settings }));
}

export function invalidCases(settings: Record<string, unknown>, cases: Invalid[]): Invalid[] {
  return cases.map((item) => (item.settings ? item : { ...item, settings }));
}
