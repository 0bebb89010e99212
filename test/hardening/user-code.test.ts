import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { makeTempProject } from '../helpers/temp-project.js';

const project = makeTempProject();
afterAll(() => project.remove());

describe('user code that exits, throws later or never finishes', () => {
  it('a config calling process.exit(0) is a config error, and Plumbline keeps running', async () => {
    project.write('exits/plumbline.config.mjs', "process.exit(0);\nexport default { layers: { core: { paths: ['src/**'] } } };\n");
    const loading = loadConfig({ cwd: path.join(project.root, 'exits') });
    await expect(loading).rejects.toThrow(/could not be loaded: the config called process\.exit\(0\)/);
  });

  it('a config that never finishes loading is a config error after its time bound', async () => {
    project.write(
      'hangs/plumbline.config.mjs',
      "await new Promise(() => {});\nexport default { layers: { core: { paths: ['src/**'] } } };\n",
    );
    const loading = loadConfig({ cwd: path.join(project.root, 'hangs'), timeoutMs: 300 });
    await expect(loading).rejects.toThrow(/the config did not finish within 300 ms/);
  });

  // In a child process: vitest would itself report the stray exception and rejection as test errors.
  it('a gate whose user code exits, throws asynchronously or leaves a rejection is an error; the pack goes on', () => {
    const script = project.write(
      'pack.mts',
      `import { resolveConfig } from ${JSON.stringify(path.join(REPO_ROOT, 'config/resolve.ts'))};
import { runGatePack } from ${JSON.stringify(path.join(REPO_ROOT, 'gates/runner/run-pack.ts'))};
import { z } from ${JSON.stringify(path.join(REPO_ROOT, 'node_modules/zod/index.js'))};
const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
const gate = (id, run) => ({ id, title: id, description: id, settings: z.unknown(), rules: [], run });
const pack = await runGatePack({
  config: resolveConfig({ layers: { core: { paths: ['src/**'] } } }, { cwd: ${JSON.stringify(project.root)} }),
  evidenceDir: ${JSON.stringify(path.join(project.root, '.plumbline/evidence'))},
  gates: [
    gate('exits', async () => { process.exit(0); }),
    gate('throws-later', async () => { setTimeout(() => { throw new Error('late boom'); }, 0); await pause(); return { findings: [] }; }),
    gate('rejects', async () => { Promise.reject(new Error('nobody waits')); await pause(); return { findings: [] }; }),
    gate('passes', async () => ({ findings: [] })),
  ],
});
process.stdout.write(JSON.stringify(pack.gates.map((g) => [g.id, g.status, g.reason ?? ''])));
`,
    );
    const run = spawnSync(process.execPath, ['--import', 'jiti/register', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      ['exits', 'error', "gate 'exits' crashed: user code called process.exit(0)"],
      ['throws-later', 'error', "gate 'throws-later' crashed: user code threw asynchronously: late boom"],
      ['rejects', 'error', "gate 'rejects' crashed: user code left a promise rejected: nobody waits"],
      ['passes', 'pass', ''],
    ]);
  });
});
