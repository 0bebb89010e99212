import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { staticGate } from '../../gates/static/gate.js';
import type { GateContext } from '../../gates/runner/gate-contract.js';
import { rules } from '../../rules/index.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import { HOC_APP, REPO_ROOT } from '../helpers/paths.js';
import { runGateAlone } from '../../gates/runner/gate-contract.js';

const { temp } = projectsRemovedAfterAll();

async function runStatic(root: string, signal = new AbortController().signal) {
  const config = await loadConfig({ cwd: root });
  const progress: string[] = [];
  const ctx: GateContext = { config, signal, artifactDir: `${root}/.plumbline/evidence/static`, progress: (m) => progress.push(m) };
  return { outcome: await runGateAlone(staticGate, ctx), progress };
}

describe('static gate', () => {
  it('checks every source file of the clean app and finds nothing', async () => {
    const { outcome, progress } = await runStatic(HOC_APP);
    expect(outcome.findings).toEqual([]);
    expect(outcome.metrics?.filesChecked).toBeGreaterThan(30);
    expect(outcome.rules?.map((rule) => rule.id).sort()).toEqual(
      [
        ...Object.keys(rules).map((name) => `plumbline/${name}`),
        'plumbline/empty-layer',
        'plumbline/nothing-checked',
        'plumbline/no-pure-layer',
      ].sort(),
    );
    expect(progress.at(-1)).toMatch(/^\d+\/\d+ files$/);
  });

  it('turns a file that does not parse into a finding instead of crashing', async () => {
    const project = temp(HOC_APP);
    project.write('src/api/broken.ts', 'export const = ;\n');
    const { outcome } = await runStatic(project.root);
    expect(outcome.findings).toEqual([
      expect.objectContaining({ ruleId: 'plumbline/parse-error', severity: 'error', file: 'src/api/broken.ts', line: 1 }),
    ]);
    expect(outcome.findings[0]?.message).toMatch(/could not be parsed, so it was not checked/);
  });

  it('honours exclude, .gitignore and unassigned: warn', async () => {
    const project = temp(HOC_APP);
    project.write('src/generated/client.ts', "import { x } from '../domains/policies/drivers/policy-repository.js';\n");
    project.write('src/scratch/notes.ts', 'export const a = 1;\n');
    project.write('.gitignore', 'src/scratch/\n');
    project.write(
      'plumbline.config.ts',
      `${(await import('node:fs')).readFileSync(`${HOC_APP}/plumbline.config.ts`, 'utf8').replace('exclude: [],', "exclude: ['src/generated/**'],")}`,
    );
    expect((await runStatic(project.root)).outcome.findings).toEqual([]);
    project.write('src/tools/seed.ts', 'export const b = 2;\n');
    const config = (await import('node:fs'))
      .readFileSync(`${project.root}/plumbline.config.ts`, 'utf8')
      .replace("mode: 'strict',", "mode: 'strict',\n  unassigned: 'warn',");
    project.write('plumbline.config.ts', config);
    const { outcome } = await runStatic(project.root);
    expect(outcome.findings.map((f) => [f.file, f.severity])).toEqual([['src/tools/seed.ts', 'warning']]);
  });

  it("honours eslint-disable for its own rules and ignores directives about other tools' rules", async () => {
    const project = temp(HOC_APP);
    project.write(
      'src/api/legacy.ts',
      [
        '// eslint-disable-next-line @typescript-eslint/no-explicit-any -- not a rule this gate runs',
        'export type Loose = any;',
        '// eslint-disable-next-line plumbline/layer-boundaries -- migration ticket 42',
        "import { sha256Hex } from '../domains/logs/drivers/sha256-hasher.js';",
        "import { PolicyRepository } from '../domains/policies/drivers/policy-repository.js';",
        'export { sha256Hex, PolicyRepository };',
      ].join('\n'),
    );
    const { outcome } = await runStatic(project.root);
    expect(outcome.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['plumbline/layer-boundaries src/api/legacy.ts:5']);
  });

  it("Plumbline's own source passes its own static gate (dogfooding)", async () => {
    const { outcome } = await runStatic(REPO_ROOT);
    expect(outcome.findings).toEqual([]);
    expect(outcome.metrics?.filesChecked).toBeGreaterThan(40);
  });

  it('stops between batches when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('timed out'));
    await expect(runStatic(HOC_APP, controller.signal)).rejects.toThrow('timed out');
  });
});
