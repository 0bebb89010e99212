import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../core/contracts.js';
import { CONFIG_FILE_NAMES, findConfigFile, loadConfig } from '../../config/load.js';
import { toProjectPath } from '../../config/project-paths.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import { listSourceFiles } from '../../config/source-files.js';
import { oxlintBin, oxlintConfigFor, runOxlintWith } from '../../gates/static/oxlint-engine.js';
import { createRecommendedConfig } from '../../rules/plugin.js';
import { listDefects, readExpected } from '../helpers/defects.js';
import { listOverlays } from '../helpers/overlays.js';
import { HOC_APP, REPO_ROOT } from '../helpers/paths.js';

/**
 * The example app, every defect overlay of every kind (fixtures/defects*) and the rule-test projects, laid side by
 * side in one tree and linted in one pass per host. On oxlint each rule finds its project's nearest
 * plumbline.config; on ESLint each project gets its config in settings (loading it per project there would
 * transpile the tool from source once per project), so the two also prove that discovery and settings agree.
 * An overlay lays a few files over the app: where it changes no project-wide file (config, tsconfig.json,
 * package.json), only its laid sources are linted; the app's other files are proven once, on the app itself.
 */
const tree = mkdtempSync(path.join(os.tmpdir(), 'plumbline-parity-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

const copyFilter = (from: string) => !from.includes(`${path.sep}node_modules`) && !from.includes(`${path.sep}.plumbline`);
const PROJECT_WIDE = new Set<string>([...CONFIG_FILE_NAMES, 'tsconfig.json', 'package.json']);

/** A laid project: its root, and the files to lint there (undefined: all its sources). */
interface LaidProject {
  root: string;
  only?: readonly string[];
}

function layProjects(): LaidProject[] {
  const projects: LaidProject[] = [];
  const app = path.join(tree, 'hoc-app');
  cpSync(HOC_APP, app, { recursive: true, filter: copyFilter });
  projects.push({ root: app });
  const fixtures = path.join(REPO_ROOT, 'fixtures');
  for (const kind of readdirSync(fixtures)
    .filter((name) => name.startsWith('defects'))
    .sort()) {
    for (const name of listOverlays(path.join(fixtures, kind))) {
      const overlay = path.join(fixtures, kind, name);
      const root = path.join(tree, kind, name);
      cpSync(HOC_APP, root, { recursive: true, filter: copyFilter });
      cpSync(overlay, root, { recursive: true, filter: (from) => path.basename(from) !== 'expected.json' });
      const laid = readdirSync(overlay, { recursive: true, encoding: 'utf8' })
        .filter((file) => file !== 'expected.json' && statSync(path.join(overlay, file)).isFile())
        .map((file) => path.join(root, file));
      projects.push(laid.some((file) => PROJECT_WIDE.has(path.basename(file))) ? { root } : { root, only: laid });
    }
  }
  for (const name of ['rule-project', 'domain-project', 'operations-project']) {
    const root = path.join(tree, 'test-fixtures', name);
    cpSync(path.join(REPO_ROOT, 'test/fixtures', name), root, { recursive: true, filter: copyFilter });
    projects.push({ root });
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
  return projects;
}

type Comparable = Pick<Finding, 'ruleId' | 'file' | 'line' | 'column' | 'message'>;

const key = (finding: Comparable) => `${finding.file}\0${finding.line}\0${finding.column}\0${finding.ruleId}\0${finding.message}`;

// The two parsers word a syntax error differently: a parse failure is compared by place, not by text.
const comparable = ({ ruleId, file, line, column, message }: Comparable): Comparable =>
  ruleId === 'plumbline/parse-error' ? { ruleId, file, line, column: 0, message: '' } : { ruleId, file, line, column, message };

async function eslintFindings(files: string[], configs: readonly ResolvedConfig[]): Promise<Comparable[]> {
  const eslint = new ESLint({
    cwd: tree,
    overrideConfigFile: true,
    overrideConfig: [
      createRecommendedConfig({}, { baseline: false }) as Linter.Config,
      ...configs.map((config) => ({ files: [`${toProjectPath(tree, config.root) ?? ''}/**`], settings: { plumbline: { config } } })),
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
    const files: string[] = [];
    const configs: ResolvedConfig[] = [];
    for (const { root, only } of layProjects()) {
      const configFile = findConfigFile(root);
      if (!configFile) throw new Error(`no config in ${root}`);
      const config = await loadConfig({ configFile });
      configs.push(config);
      const sources = listSourceFiles(config);
      files.push(...(only ? sources.filter((file) => only.includes(file)) : sources));
    }
    const bin = oxlintBin();
    if (!bin) throw new Error('oxlint is not installed');

    const onEslint = (await eslintFindings(files, configs)).map(comparable).sort((a, b) => key(a).localeCompare(key(b)));
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
