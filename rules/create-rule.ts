import ESLintUtils from '@typescript-eslint/utils/eslint-utils';
import { ruleDocsUrl } from './docs-url.js';

export interface PlumblineRuleDocs {
  description: string;
  /** Whether `configs.recommended` turns the rule on. */
  recommended: boolean;
  /** Why the rule exists, in a short paragraph; rendered into the docs page. */
  rationale: string;
  /** Code the rule accepts and reports, with the file it is in; rendered into the docs page. */
  examples: { valid: RuleExample[]; invalid: RuleExample[] };
}

export interface RuleExample {
  file: string;
  code: string;
}

const createNamedRule = ESLintUtils.RuleCreator<PlumblineRuleDocs>(ruleDocsUrl);

/**
 * `RuleCreator` with one change: the options merged with their defaults are
 * computed once per options array, not deep-cloned again for every linted file
 * (ESLint hands every file of a config the same array). Rules must not mutate them.
 */
export const createRule: typeof createNamedRule = (spec) => {
  const rule = createNamedRule(spec);
  const defaults = (spec.meta.defaultOptions ?? []) as Parameters<typeof ESLintUtils.applyDefault>[0];
  const merged = new WeakMap<object, unknown>();
  return {
    ...rule,
    create(context) {
      let options = merged.get(context.options);
      if (options === undefined) {
        options = ESLintUtils.applyDefault(defaults, context.options);
        merged.set(context.options, options);
      }
      return spec.create(context, options as Parameters<typeof spec.create>[1]);
    },
  };
};
