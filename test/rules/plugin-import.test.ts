import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

const execFileAsync = promisify(execFile);

/** The packages a fresh process has loaded after importing one module of the build (CommonJS ones, by their folder). */
async function packagesLoadedBy(entry: string): Promise<string[]> {
  const script = [
    `await import(${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, entry)).href)});`,
    "const { createRequire } = await import('node:module');",
    'const files = Object.keys(createRequire(import.meta.url).cache);',
    "const names = files.map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\/(?!.*node_modules)/.exec(file)?.[1]).filter(Boolean);",
    'console.log(JSON.stringify([...new Set(names)].sort()));',
  ].join('\n');
  const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT });
  return JSON.parse(stdout) as string[];
}

describe('importing the slim oxlint plugin entry', () => {
  it('loads neither ESLint nor TypeScript nor ts-morph (oxlint parses; a file that needs the compiler loads it)', async () => {
    const loaded = await packagesLoadedBy('dist/rules/oxlint-plugin.js');
    // Something was loaded and seen: the rules' own helpers.
    expect(loaded).toContain('@typescript-eslint/types');
    expect(loaded.filter((name) => ['eslint', 'typescript', 'ts-morph', '@typescript-eslint/parser'].includes(name))).toEqual([]);
  });
});
