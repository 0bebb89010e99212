import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { initProject } from '../../cli/init-command.js';
import { addPluginToEslintConfig } from '../../cli/init/eslint-config.js';
import { withPlumblineIgnored } from '../../cli/init/gitignore.js';
import { mergeFitnessScripts } from '../../cli/init/package-scripts.js';
import { detectProject } from '../../config/layout-detection/project-facts.js';
import { proposeLayout } from '../../config/layout-detection/propose-layout.js';
import { loadConfig } from '../../config/load.js';
import { HOC_APP } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { makeTempProject } from '../helpers/temp-project.js';

const temps: Array<{ remove(): void }> = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

function temp(source?: string) {
  const project = makeTempProject(source);
  temps.push(project);
  return project;
}

/** Every file's bytes under a folder (node_modules aside), to prove a run changed nothing. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules') continue;
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else out[path.relative(root, file)] = readFileSync(file, 'base64');
    }
  };
  walk(root);
  return out;
}

function syntaxErrors(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  return (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) =>
    ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  );
}

describe('plumbline init', () => {
  it('on a copy of hoc-app without its config: writes a config under which the gate passes, and a second run changes nothing', async () => {
    const project = temp(HOC_APP);
    rmSync(path.join(project.root, 'plumbline.config.ts'));

    const first = await initProject({ root: project.root, hook: false });
    expect(first.changes).toEqual([
      { file: 'plumbline.config.ts', action: 'created' },
      { file: 'package.json', action: 'updated' },
      { file: '.gitignore', action: 'updated' },
    ]);
    const config = await loadConfig({ cwd: project.root });
    expect(config.preset).toBe('hoc');
    expect(config.domains).toEqual(['src/domains/*', 'src/spine/operations/*']);
    expect(JSON.parse(readFileSync(path.join(project.root, 'package.json'), 'utf8')).scripts).toEqual({
      fitness: 'plumbline gate',
      'fitness:check': 'plumbline check',
    });

    const before = snapshot(project.root);
    // The second run goes through the built CLI, as a user would type it.
    const second = runCli(['init', '--no-hook'], project.root);
    expect(second.status).toBe(0);
    expect(second.stdout.split('\n')[0]).toBe('plumbline init: nothing to change');
    expect(snapshot(project.root)).toEqual(before);

    // Bounded to the static and architecture gates: the dynamic gates init leaves unconfigured are
    // listed as not run (docs/init.md), and invariants runs the app's whole test suite, which
    // the invariants gate's own tests cover; these two judge the layout that init detected.
    const gate = runCli(['gate', '--only', 'static,architecture'], project.root);
    expect(gate.stderr + gate.stdout).toMatch(/Result: PASSED \(0 errors/);
    expect(gate.status).toBe(0);
    expect(gate.stdout).toContain(path.join('.plumbline', 'evidence', 'index.html'));
  });

  it('matches hexagonal and clean layouts by folder synonyms, and a layout under the root without src/', async () => {
    const hex = temp();
    for (const dir of ['adapters/in/http', 'adapters/out/db', 'application', 'ports', 'domain'])
      hex.write(`src/${dir}/a.ts`, 'export const a = 1;\n');
    expect(proposeLayout(await detectProject(hex.root)).preset).toBe('hexagonal');

    const clean = temp();
    for (const dir of ['infrastructure', 'interface-adapters', 'use-cases', 'entities'])
      clean.write(`src/${dir}/a.ts`, 'export const a = 1;\n');
    const cleanProposal = proposeLayout(await detectProject(clean.root));
    expect(cleanProposal.preset).toBe('clean');
    expect(cleanProposal.uncovered).toEqual([]);

    const flat = temp();
    for (const dir of ['routes', 'operations', 'modules/billing/engines', 'modules/billing/repositories', 'models'])
      flat.write(`${dir}/a.ts`, 'export const a = 1;\n');
    flat.write('modules/billing/index.ts', "export * from './engines/a.js';\n");
    flat.write('scratch/stray.ts', 'export const b = 2;\n');
    const facts = await detectProject(flat.root);
    expect(facts.sourceRoot).toBe('.');
    const flatProposal = proposeLayout(facts);
    expect(flatProposal.preset).toBe('hoc');
    expect(Object.fromEntries(flatProposal.layers.map((layer) => [layer.name, layer.paths]))).toEqual({
      // Named in the project's words; the preset's roles decide what each may import.
      routes: ['routes/**'],
      operations: ['operations/**'],
      engines: ['modules/*/engines/**'],
      repositories: ['modules/*/repositories/**'],
      models: ['models/**'],
      entries: ['modules/*/index.ts'],
    });
    expect(flatProposal.layers.find((layer) => layer.name === 'operations')?.mayImport).toEqual(['engines', 'repositories', 'models']);
    expect(flatProposal.droppedLayers).toEqual(['gateway', 'api', 'spine', 'drivers']);
    expect(flatProposal.domains).toEqual(['modules/*']);
    expect(flatProposal.uncovered).toEqual(['scratch/stray.ts']);

    // Nothing recognisable: init still writes a valid config, and says plainly that the layers are the user's to name.
    const unknown = temp();
    unknown.write('src/stuff/a.ts', 'export const a = 1;\n');
    await initProject({ root: unknown.root, hook: false });
    const text = readFileSync(path.join(unknown.root, 'plumbline.config.ts'), 'utf8');
    expect(text).toContain('no folder matched a layer of any preset');
    expect(text).toContain("1 source file(s) in no layer, reported as warnings (unassigned: 'warn'), e.g. src/stuff/a.ts");
    await expect(loadConfig({ cwd: unknown.root })).resolves.toBeDefined();
  });

  it('detects the ORM, the test runner and tsconfig paths, and never overwrites a config without --force', async () => {
    const project = temp();
    project.write('src/domain/a.ts', 'export const a = 1;\n');
    project.write('package.json', JSON.stringify({ name: 'x', devDependencies: { jest: '1', '@mikro-orm/core': '6', pg: '8' } }, null, 2));
    project.write('tsconfig.json', '{ // comments are allowed\n "compilerOptions": { "paths": { "@app/*": ["./src/*"] }, }, }\n');
    const facts = await detectProject(project.root);
    expect(facts.orms).toEqual(['MikroORM', 'node-postgres (pg)']);
    expect(facts.testRunner).toBe('jest');
    expect(facts.tsconfigPaths).toEqual(['@app/*']);

    await initProject({ root: project.root, hook: false });
    const written = readFileSync(path.join(project.root, 'plumbline.config.ts'), 'utf8');
    expect(written).toContain('flushCommits: true');
    expect(written).toContain('// - ORM/database: MikroORM, node-postgres (pg)');
    expect(written).toContain('// - test runner: jest');

    project.write('plumbline.config.ts', '// mine\nexport default { layers: { a: { paths: ["src/**"] } } };\n');
    const kept = await initProject({ root: project.root, hook: false });
    expect(kept.changes).toEqual([]);
    expect(kept.notes[0]).toMatch(/^kept plumbline\.config\.ts/);
    expect(readFileSync(path.join(project.root, 'plumbline.config.ts'), 'utf8')).toContain('// mine');
    const forced = await initProject({ root: project.root, hook: false, force: true });
    expect(forced.changes).toEqual([{ file: 'plumbline.config.ts', action: 'updated' }]);
    await expect(initProject({ root: project.root, preset: 'onion' })).rejects.toThrow(/--preset: expected one of hoc, hexagonal, clean/);
  });

  it('ignores .plumbline/ but its committed baselines in .gitignore, once, keeping line endings', () => {
    const block = [
      '# Plumbline: evidence and caches; the baselines are committed',
      '.plumbline/*',
      '!.plumbline/baseline.json',
      '!.plumbline/baselines/',
      '',
    ].join('\n');
    expect(withPlumblineIgnored(undefined)).toBe(block);
    expect(withPlumblineIgnored('node_modules')).toBe(`node_modules\n${block}`);
    expect(withPlumblineIgnored('dist\r\n')).toBe(`dist\r\n${block.replace(/\n/g, '\r\n')}`);
    for (const already of ['.plumbline/\n', '/.plumbline\n', 'x\n.plumbline/**\n', block]) {
      expect(withPlumblineIgnored(already)).toBeUndefined();
    }
  });

  it('writes comments that are true: the test runner found, unconfigured gates "not run", why each layer', async () => {
    const project = temp();
    project.write('src/domain/order.ts', 'export const order = 1;\n');
    project.write('src/application/place-order.ts', 'export const place = 1;\n');
    project.write('package.json', JSON.stringify({ name: 'x', devDependencies: { jest: '29' }, dependencies: { mongoose: '8' } }));
    await initProject({ root: project.root, hook: false });
    const text = readFileSync(path.join(project.root, 'plumbline.config.ts'), 'utf8');
    expect(text).toContain('// - test runner: jest');
    expect(text).toContain('the test runner found is jest');
    expect(text).toContain('"not run"');
    expect(text).not.toMatch(/passes until/);
    expect(text).toContain('//     domain: src/domain/** (from domain/ 1)');
    expect(text).toContain("extraForbiddenModules: ['mongoose']");
    expect(text.split('\n').every((line) => line.length <= 140)).toBe(true);
  });

  it('merges the scripts into package.json keeping indent, key order and line endings; keeps a different script unless forced', () => {
    const tabbed = '{\r\n\t"name": "x",\r\n\t"scripts": {\r\n\t\t"test": "vitest"\r\n\t},\r\n\t"version": "1.0.0"\r\n}\r\n';
    const merged = mergeFitnessScripts(tabbed, false);
    expect(merged.text).toBe(
      '{\r\n\t"name": "x",\r\n\t"scripts": {\r\n\t\t"test": "vitest",\r\n\t\t"fitness": "plumbline gate",\r\n\t\t"fitness:check": "plumbline check"\r\n\t},\r\n\t"version": "1.0.0"\r\n}\r\n',
    );
    expect(mergeFitnessScripts(merged.text as string, false)).toEqual({ text: undefined, added: [], conflicts: [] });

    const mine = '{\n    "scripts": { "fitness": "depcruise src" }\n}\n';
    const kept = mergeFitnessScripts(mine, false);
    expect(kept.conflicts).toEqual([{ name: 'fitness', existing: 'depcruise src' }]);
    expect(JSON.parse(kept.text as string).scripts).toEqual({ fitness: 'depcruise src', 'fitness:check': 'plumbline check' });
    expect(kept.text).toMatch(/^\{\n {4}"scripts"/);
    expect(JSON.parse(mergeFitnessScripts(mine, true).text as string).scripts.fitness).toBe('plumbline gate');
    expect(() => mergeFitnessScripts('[1]', false)).toThrow(/not a JSON object/);
  });

  it('adds the ESLint plugin to a plain flat config array or config call, and explains when it cannot edit safely', () => {
    const array = "import js from '@eslint/js';\n\nexport default [\n  js.configs.recommended,\n  { rules: {} }\n];\n";
    const edited = addPluginToEslintConfig(array);
    expect(edited.kind).toBe('edited');
    const text = (edited as { text: string }).text;
    expect(text).toBe(
      "import js from '@eslint/js';\nimport plumbline from '@plumbline-kit/plumbline/eslint';\n\nexport default [\n  js.configs.recommended,\n  { rules: {} },\n  // Plumbline's layer, ownership and purity rules (added by plumbline init).\n  plumbline.configs.recommended,\n];\n",
    );
    expect(syntaxErrors('eslint.config.mjs', text)).toEqual([]);
    expect(addPluginToEslintConfig(text)).toEqual({ kind: 'present' });

    const call = "import tseslint from 'typescript-eslint';\nexport default tseslint.config(\n  ...tseslint.configs.recommended,\n);\n";
    const callEdit = addPluginToEslintConfig(call) as { kind: string; text: string };
    expect(callEdit.kind).toBe('edited');
    expect(callEdit.text).toContain('  plumbline.configs.recommended,\n);');
    expect(syntaxErrors('eslint.config.ts', callEdit.text)).toEqual([]);

    const defineArray = "import { defineConfig } from 'eslint/config';\nexport default defineConfig([\n  { files: ['**/*.ts'] },\n]);\n";
    const defineEdit = addPluginToEslintConfig(defineArray) as { kind: string; text: string };
    expect(defineEdit.text).toContain(
      "  { files: ['**/*.ts'] },\n  // Plumbline's layer, ownership and purity rules (added by plumbline init).\n  plumbline.configs.recommended,\n]);",
    );
    expect(syntaxErrors('eslint.config.mjs', defineEdit.text)).toEqual([]);

    expect(addPluginToEslintConfig("module.exports = [require('x')];\n")).toEqual({ kind: 'manual', why: 'it is CommonJS' });
    expect(addPluginToEslintConfig("import wrap from 'x';\nexport default wrap([]);\n").kind).toBe('manual');
    expect(addPluginToEslintConfig('const configs = build();\nexport default configs;\n').kind).toBe('manual');
  });

  it('installs the pre-commit hook executable in git (or husky), never replacing a hook without --force', async () => {
    const project = temp();
    project.write('src/domain/a.ts', 'export const a = 1;\n');
    execFileSync('git', ['init', '-q'], { cwd: project.root });
    const first = await initProject({ root: project.root, hook: true });
    expect(first.changes).toContainEqual({ file: '.git/hooks/pre-commit', action: 'created' });
    const hook = path.join(project.root, '.git/hooks/pre-commit');
    expect(readFileSync(hook, 'utf8')).toContain('npx plumbline check --staged');
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect((await initProject({ root: project.root, hook: true })).changes).toEqual([]);

    project.write('.git/hooks/pre-commit', '#!/bin/sh\nnpm run lint\n');
    const kept = await initProject({ root: project.root, hook: true });
    expect(kept.changes).toEqual([]);
    expect(kept.notes.some((note) => note.startsWith('kept .git/hooks/pre-commit'))).toBe(true);
    await initProject({ root: project.root, hook: true, force: true });
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\nnpm run lint\nnpx plumbline check --staged\n');

    const husky = temp();
    husky.write('src/domain/a.ts', 'export const a = 1;\n');
    husky.write('.husky/_/husky.sh', '');
    // Neither --hook nor --no-hook: init asks (on a terminal), and a no changes nothing.
    const questions: string[] = [];
    expect((await initProject({ root: husky.root }, async (question) => (questions.push(question), false))).changes).not.toContainEqual(
      expect.objectContaining({ file: '.husky/pre-commit' }),
    );
    const viaHusky = await initProject({ root: husky.root }, async (question) => (questions.push(question), true));
    expect(questions).toEqual([
      "Add a pre-commit hook running 'npx plumbline check --staged' (.husky/pre-commit)?",
      "Add a pre-commit hook running 'npx plumbline check --staged' (.husky/pre-commit)?",
    ]);
    expect(viaHusky.changes).toContainEqual({ file: '.husky/pre-commit', action: 'created' });
    expect(existsSync(path.join(husky.root, '.git'))).toBe(false);
  });
});
