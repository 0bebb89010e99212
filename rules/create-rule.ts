import { ESLintUtils } from '@typescript-eslint/utils';
import { ruleDocsUrl } from './docs-url.js';

export interface PlumblineRuleDocs {
  description: string;
  /** Whether `configs.recommended` turns the rule on. */
  recommended: boolean;
}

export const createRule = ESLintUtils.RuleCreator<PlumblineRuleDocs>(ruleDocsUrl);
