import { ESLintUtils } from '@typescript-eslint/utils';
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

export const createRule = ESLintUtils.RuleCreator<PlumblineRuleDocs>(ruleDocsUrl);
