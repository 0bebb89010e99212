import { spawnSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { applyDefect } from '../helpers/defects.js';
import { DEFECTS, REPO_ROOT } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const overlays = [
  'api-imports-driver',
  'engine-value-import-from-driver',
  'service-file',
  'unassigned-file',
  'gateway-imports-spine-alias',
];

describe('ESLint in the editor and plumbline check agree', () => {
  const project = applyDefect(overlays[0] as string);
  afterAll(() => project.remove());
  for (const name of overlays.slice(1)) {
    cpSync(path.join(DEFECTS, name), project.root, { recursive: true, filter: (from) => path.basename(from) !== 'expected.json' });
  }

  it('reports the same findings through eslint with configs.recommended as through plumbline check', () => {
    const plugin = pathToFileURL(path.join(REPO_ROOT, 'dist/rules/plugin.js')).href;
    writeFileSync(
      path.join(project.root, 'eslint.config.mjs'),
      `import plumbline from '${plugin}';\n\nexport default [plumbline.configs.recommended];\n`,
    );
    const eslint = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', 'src'], {
      cwd: project.root,
      encoding: 'utf8',
    });
    expect(eslint.stderr).toBe('');
    expect(eslint.status).toBe(1);
    const eslintFindings = (JSON.parse(eslint.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number }> }>)
      .flatMap((result) =>
        result.messages.map((m) => `${m.ruleId} ${path.relative(project.root, result.filePath).split(path.sep).join('/')}:${m.line}`),
      )
      .sort();

    // The per-file rules only: the analyzers' whole-project findings have no ESLint counterpart.
    const check = runCli(['check', '--no-analyzers', '--format', 'json'], project.root);
    expect(check.status).toBe(1);
    const checkFindings = (JSON.parse(check.stdout).findings as Array<{ ruleId: string; file: string; line: number }>)
      .map((f) => `${f.ruleId} ${f.file}:${f.line}`)
      .sort();

    expect(checkFindings).toHaveLength(overlays.length);
    expect(eslintFindings).toEqual(checkFindings);
  });
});
