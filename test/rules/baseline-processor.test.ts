import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { writeBaselineFile } from '../../core/baseline/baseline-file.js';
import { createIdentifier } from '../../core/baseline/finding-identity.js';
import { entriesFor } from '../../core/baseline/finding-ratchet.js';
import { loadConfig } from '../../config/load.js';
import { listSourceFiles } from '../../config/source-files.js';
import { lintWithRules } from '../../gates/static/lint.js';
import { createRecommendedConfig } from '../../rules/plugin.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const { temp } = projectsRemovedAfterAll();

/** The legacy fixture with its findings baselined, then one new violation in tax.ts. */
async function project() {
  const { root } = temp(path.join(REPO_ROOT, 'fixtures/baseline-legacy'));
  const config = await loadConfig({ cwd: root });
  const { findings } = await lintWithRules(config, listSourceFiles(config));
  const identify = createIdentifier((file) => readFileSync(path.join(root, file), 'utf8'));
  writeBaselineFile(path.join(root, '.plumbline/baseline.json'), {
    schemaVersion: 1,
    findings: entriesFor(findings.map(identify)),
    metrics: {},
  });
  const tax = path.join(root, 'src/engines/tax.ts');
  writeFileSync(
    tax,
    readFileSync(tax, 'utf8').replace(
      'const region = process.env.TAX_REGION;',
      'const region = process.env.TAX_REGION;\n    const started = performance.now();',
    ),
  );
  return { root, tax };
}

async function lintInEditor(root: string, file: string): Promise<Linter.LintMessage[]> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [createRecommendedConfig() as Linter.Config] });
  const [result] = await eslint.lintFiles([file]);
  return result?.messages ?? [];
}

describe('the baseline processor (ESLint plugin in the editor)', () => {
  it("shows known findings as warnings, new ones as errors (baseline.editor: 'warn', the default)", async () => {
    const { root, tax } = await project();
    const messages = await lintInEditor(root, tax);
    expect(messages.map((m) => `${m.line} ${m.severity} ${m.message.endsWith('[known: accepted by the baseline]')}`)).toEqual([
      '3 1 true',
      '8 1 true',
      '9 2 false',
      '14 1 true',
      '15 1 true',
    ]);
  });

  it("hides known findings with baseline.editor: 'hide'", async () => {
    const { root, tax } = await project();
    const configFile = path.join(root, 'plumbline.config.json');
    writeFileSync(configFile, JSON.stringify({ ...JSON.parse(readFileSync(configFile, 'utf8')), baseline: { editor: 'hide' } }));
    const messages = await lintInEditor(root, tax);
    expect(messages.map((m) => [m.line, m.ruleId, m.severity])).toEqual([[9, 'plumbline/engine-purity', 2]]);
  });

  it('without a readable baseline every finding stays as the rules report it', async () => {
    const { root, tax } = await project();
    writeFileSync(path.join(root, '.plumbline/baseline.json'), 'not json');
    const messages = await lintInEditor(root, tax);
    expect(messages.map((m) => m.severity)).toEqual([2, 2, 2, 2, 2]);
  });
});
