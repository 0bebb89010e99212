import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths.js';

const execFileAsync = promisify(execFile);
const MARKER = '@@plumbline-test-loaded-packages ';

/** A module of the build as a specifier for a script. */
export const builtModule = (entry: string): string => JSON.stringify(pathToFileURL(path.join(REPO_ROOT, entry)).href);

/**
 * Runs `script` (an ES module body) in a fresh process and returns the packages that process has loaded by then
 * (CommonJS ones, by their folder: ESLint, TypeScript and the parsers are), with what the script printed before.
 */
export async function packagesLoadedBy(script: string, cwd = REPO_ROOT): Promise<{ loaded: string[]; stdout: string }> {
  const report = [
    "const { createRequire } = await import('node:module');",
    'const files = Object.keys(createRequire(import.meta.url).cache);',
    'const names = files.map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\/(?!.*node_modules)/.exec(file)?.[1]).filter(Boolean);',
    `console.log(${JSON.stringify(MARKER)} + JSON.stringify([...new Set(names)].sort()));`,
  ];
  const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', [script, ...report].join('\n')], { cwd });
  const at = stdout.lastIndexOf(MARKER);
  if (at < 0) throw new Error(`the script did not finish: ${stdout}`);
  return { loaded: JSON.parse(stdout.slice(at + MARKER.length)) as string[], stdout: stdout.slice(0, at) };
}
