import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The tool's npm package name (the CLI command stays `plumbline`). */
export const PACKAGE_NAME = '@plumbline-kit/plumbline';

/**
 * The tool's name aliased to its own entry, for jiti-loaded user files (configs, data contracts) whose
 * `import { defineConfig } from '@plumbline-kit/plumbline'` must resolve even where the package is not installed
 * under that name (self-checks, fixtures).
 */
export const SELF_IMPORT_ALIAS: Readonly<Record<string, string>> = { [PACKAGE_NAME]: fileURLToPath(new URL('../index', import.meta.url)) };

/** Plumbline's own package root, whether running from source (tests) or from dist/. */
export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  peerDependencies?: Record<string, string>;
};

export const PACKAGE_VERSION = manifest.version;

/** The version ranges of the tool's peer dependencies (eslint, typescript, and the optional ones), as tested. */
export const PEER_RANGES: Readonly<Record<string, string>> = manifest.peerDependencies ?? {};

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${PACKAGE_NAME}'s package.json not found above ${start}`);
    dir = parent;
  }
}
