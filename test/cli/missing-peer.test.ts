import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

// A project outside the repository with no node_modules: vitest and Stryker, which these gates run from the
// project, are not installed there, as in a user's project that never added them.
const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

function bareProject(gates: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'plumbline-no-peers-'));
  roots.push(root);
  writeFileSync(path.join(root, 'package.json'), '{ "name": "app", "type": "module" }\n');
  writeFileSync(path.join(root, 'engine.ts'), 'export const double = (n: number): number => n * 2;\n');
  writeFileSync(path.join(root, 'engine.property.test.ts'), "import { it } from 'vitest';\nit('doubles', () => {});\n");
  writeFileSync(
    path.join(root, 'plumbline.config.ts'),
    "import { defineConfig } from '@plumbline-kit/plumbline';\n" +
      `export default defineConfig({ layers: { engine: { paths: ['*.ts'] } }, gates: ${gates} });\n`,
  );
  return root;
}

describe('a gate whose optional peer is not installed', () => {
  it('exits 2 naming vitest for the property gate', () => {
    const run = runCli(['gate', '--only', 'property', '--quiet'], bareProject("{ property: { files: ['*.property.test.ts'] } }"));
    expect(run.stderr).toContain('needs vitest, not installed: npm install --save-dev vitest');
    expect(run.stderr).not.toContain('internal error');
    expect(run.status).toBe(2);
  });

  it('exits 2 naming both Stryker packages for the mutation gate, before running anything', () => {
    const run = runCli(['gate', '--only', 'mutation', '--quiet'], bareProject("{ mutation: { mutate: ['engine.ts'] } }"));
    expect(run.stderr).toContain('needs @stryker-mutator/core and @stryker-mutator/vitest-runner, not installed: ');
    expect(run.stderr).toContain('npm install --save-dev @stryker-mutator/core @stryker-mutator/vitest-runner');
    expect(run.status).toBe(2);
  });
});
