import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The project's own vitest CLI as `[node, <vitest.mjs>]`, resolved from the
 * project root as its own `npx vitest` would (its version, its config; no
 * download). Undefined when the project cannot resolve vitest.
 */
export function projectVitestCommand(root: string): [string, string] | undefined {
  try {
    const requireFromRoot = createRequire(path.join(root, 'package.json'));
    const manifestPath = requireFromRoot.resolve('vitest/package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: string | Record<string, string> };
    const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.['vitest'];
    if (!bin) return undefined;
    return [process.execPath, path.resolve(path.dirname(manifestPath), bin)];
  } catch {
    return undefined;
  }
}
