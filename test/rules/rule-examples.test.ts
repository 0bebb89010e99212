import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { loadConfigSync } from '../../config/load.js';
import type { PlumblineRuleDocs } from '../../rules/create-rule.js';
import { rules } from '../../rules/index.js';
import { configForResolved } from '../../rules/plugin.js';
import { HOC_APP } from '../helpers/paths.js';

/**
 * The examples each rule's docs page shows (meta.docs.examples) are code in the
 * example app's layout: every valid one must pass the rule and every invalid one
 * must be reported, as typescript-eslint lints the code in its own docs.
 */
const config = loadConfigSync({ configFile: path.join(HOC_APP, 'plumbline.config.ts') });
const settings = { plumbline: { config } };
const ruleTester = new RuleTester();

// Each rule has its own options type; looping over all of them needs their common shape.
type AnyRule = TSESLint.RuleModule<string, readonly unknown[], PlumblineRuleDocs>;
const everyRule = Object.entries(rules as Record<string, AnyRule>);
const examplesOf = (rule: AnyRule) => rule.meta.docs?.examples ?? { valid: [], invalid: [] };

for (const [name, rule] of everyRule) {
  const { valid } = examplesOf(rule);
  // RuleTester needs the exact errors of an invalid case, which the docs do not state: those run below.
  ruleTester.run(`${name} docs examples`, rule, {
    valid: valid.map((example) => ({
      name: `valid: ${example.file}`,
      filename: path.join(HOC_APP, example.file),
      code: example.code,
      settings,
    })),
    invalid: [],
  });
}

describe.each(everyRule)('%s docs examples', (name, rule) => {
  const linter = new Linter({ configType: 'flat', cwd: HOC_APP });
  const lint = (file: string, code: string) =>
    linter.verify(
      code,
      [configForResolved(config) as Linter.Config, { rules: { [`plumbline/${name}`]: 'error' } }],
      path.join(HOC_APP, file),
    );

  it.each(examplesOf(rule).invalid.map((example, index) => ({ ...example, index })))(
    'invalid example $index ($file) is reported',
    ({ file, code }) => {
      const messages = lint(file, code);
      expect(messages.filter((message) => message.fatal)).toEqual([]);
      expect(messages.filter((message) => message.ruleId === `plumbline/${name}`).length).toBeGreaterThan(0);
    },
  );
});
