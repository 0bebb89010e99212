import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../config/contracts.js';
import { loadConfig } from '../../config/load.js';
import { toProjectPath } from '../../config/project-paths.js';
import { listSourceFiles } from '../../gates/static/lint.js';
import { oxlintBin, oxlintConfigFor, runOxlintWith } from '../../gates/static/oxlint-engine.js';
import { createRecommendedConfig } from '../../rules/plugin.js';
import { listDefects, readExpected } from '../helpers/defects.js';
import { listOverlays } from '../helpers/overlays.js';
import { HOC_APP, REPO_ROOT } from '../helpers/paths.js';

/**
 * Every defect overlay of every kind (fixtures/defects*) and the rule-test projects, laid side by side in one tree
 * and linted in one pass per host: each rule finds its project's nearest plumbline.config, on ESLint and on oxlint.
 */
const tree = mkdtempSync(path.join(os.tmpdir(), 'plumbline-parity-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

const copyFilter = (from: string) => !from.includes(`${path.sep}node_modules`) && !from.includes(`${path.sep}.plumbline`);

function layProjects(): string[] {
  const roots: string[] = [];
  const fixtures = path.join(REPO_ROOT, 'fixtures');
  for (const kind of readdirSync(fixtures).filter((name) => name.startsWith('defects')).sort()) {
    for (const name of listOverlays(path.join(fixtures, kind))) {
      const root = path.join(tree, kind, name);
      cpSync(HOC_APP, root, { recursive: true, filter: copyFilter });
      cpSync(path.join(fixtures, kind, name), root, { recursive: true, filter: (from) => path.basename(from) !== 'expected.json' });
      roots.push(root);
    }
  }
  for (const name of ['rule-project', 'domain-project', 'operations-project']) {
    const root = path.join(tree, 'test-fixtures', name);
    cpSync(path.join(REPO_ROOT, 'test/fixtures', name), root, { recursive: true, filter: copyFilter });
    roots.push(root);
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
  return roots;
}

type Comparable = Pick<Finding, 'ruleId' | 'file' | 'line' | 'column' | 'message'>;

const key = (finding: Comparable) => `${finding.file}\0${finding.line}\0${finding.column}\0${finding.ruleId}\0${finding.message}`;

// The two parsers word a syntax error differently: a parse failure is compared by place, not by text.
const comparable = ({ ruleId, file, line, column, message }: Comparable): Comparable =>
  ruleId === 'plumbline/parse-error' ? { ruleId, file, line, column: 0, message: '' } : { ruleId, file, line, column, message };

async function eslintFindings(files: string[]): Promise<Comparable[]> {
  const eslint = new ESLint({
    cwd: tree,
    overrideConfigFile: true,
    overrideConfig: [
      createRecommendedConfig({}, { baseline: false }) as Linter.Config,
      { linterOptions: { reportUnusedDisableDirectives: 'off' } },
    ],
    warnIgnored: false,
  });
  const findings: Comparable[] = [];
  for (const result of await eslint.lintFiles(files)) {
    for (const message of result.messages) {
      if (!message.fatal && !message.ruleId?.startsWith('plumbline/')) continue;
      findings.push({
        ruleId: message.ruleId ?? 'plumbline/parse-error',
        file: toProjectPath(tree, result.filePath) ?? result.filePath,
        line: message.line,
        column: message.column,
        message: message.message,
      });
    }
  }
  return findings;
}

describe('engine parity', () => {
  it('gives identical findings on ESLint and oxlint for every defect overlay and rule-test project', async () => {
    const roots = layProjects();
    const files: string[] = [];
    for (const root of roots) files.push(...(await listSourceFiles(await loadConfig({ cwd: root }))));
    const bin = oxlintBin();
    if (!bin) throw new Error('oxlint is not installed');

    const onEslint = (await eslintFindings(files)).map(comparable).sort((a, b) => key(a).localeCompare(key(b)));
    const onOxlint = (await runOxlintWith(bin, oxlintConfigFor({}), tree, files, { unassignedSeverity: 'error' }))
      .map(comparable)
      .sort((a, b) => key(a).localeCompare(key(b)));

    expect(onOxlint).toEqual(onEslint);
    // Not a vacuous pass: every seeded lint defect is among the findings both hosts agree on.
    const seeded = listDefects()
      .map((name) => ({ name, expected: readExpected(name) }))
      .filter(({ expected }) => expected.run === 'lint')
      .flatMap(({ name, expected }) =>
        expected.findings.map(({ ruleId, file, line }) => ({ ruleId, file: `defects/${name}/${file}`, line })),
      );
    expect(seeded.length).toBeGreaterThan(20);
    for (const finding of seeded) expect(onEslint).toContainEqual(expect.objectContaining(finding));
  }, 900_000);
});
