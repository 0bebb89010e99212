import { mkdirSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { createJiti as CreateJiti } from 'jiti';
import { PACKAGE_NAME, SELF_IMPORT_ALIAS } from '../core/package-info.js';
import { untrustedReason } from './config-trust.js';

export type UserFileLoader = ReturnType<typeof CreateJiti>;

/**
 * The tool's public entry beside this module: dist/index.js when built, index.ts from the sources (tests). It is
 * what SELF_IMPORT_ALIAS names: a config or data contract is the tool's user, so it sees the tool's public API.
 */
const SELF_ENTRY = fileURLToPath(new URL(`../index${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url));

// moduleCache off: an edited user file must be seen by a long-lived process (editor).
const USER_FILE_OPTIONS = { moduleCache: false, fsCache: false, interopDefault: true } as const;

let selfModule: object | undefined;
let withAlias: UserFileLoader | undefined;
/** One loader per transpile cache folder ('' for none). */
const withSelf = new Map<string, UserFileLoader>();

/**
 * jiti, required when a user file is first loaded: a JSON config, or a rule handed the resolved config, never
 * pays for it (its CommonJS entry, so this works synchronously too).
 */
function createJiti(...args: Parameters<typeof CreateJiti>): UserFileLoader {
  const jiti = createRequire(import.meta.url)('jiti') as { createJiti: typeof CreateJiti };
  return jiti.createJiti(...args);
}

export interface UserFileLoaderOptions {
  /**
   * A folder for jiti's transpile cache: each transpiled file is stored under a name made of its path and read back
   * only while it ends with jiti's version and the hash of the source it came from, so an edited file (or a new
   * jiti) is transpiled again and an entry cut short is a miss. Used only when the folder and the folders above it
   * up to `trustedRoot` pass the config's own trust check (nobody else may write code there that would then run).
   */
  transpileCache?: { dir: string; trustedRoot: string };
}

/**
 * A jiti loader for the project's TypeScript/JavaScript files (configs, data contracts) whose
 * `import ... from '@plumbline-kit/plumbline'` is answered by the tool as this process already loaded it. Aliasing
 * the name to the tool's files instead made jiti evaluate the whole tool again for every load, and transpile it
 * too when it runs from the sources: seconds per load.
 */
export async function userFileLoader(options: UserFileLoaderOptions = {}): Promise<UserFileLoader> {
  selfModule ??= (await import(pathToFileURL(SELF_ENTRY).href)) as object;
  return loaderWithSelf(selfModule, usableCacheDir(options.transpileCache));
}

/** userFileLoader for callers that cannot await (ESLint rules). */
export function userFileLoaderSync(): UserFileLoader {
  if (!selfModule && SELF_ENTRY.endsWith('.js')) selfModule = requireSelf();
  if (selfModule) return loaderWithSelf(selfModule, undefined);
  // From the sources (tests), or on a Node that cannot require an ES module: jiti loads the tool for the user file.
  withAlias ??= createJiti(import.meta.url, { ...USER_FILE_OPTIONS, alias: { ...SELF_IMPORT_ALIAS } });
  return withAlias;
}

/** Node 20.19+ and 22.12+ require an ES module synchronously, and hand back the instance an import() has loaded. */
function requireSelf(): object | undefined {
  try {
    return createRequire(import.meta.url)(SELF_ENTRY) as object;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_REQUIRE_ESM') return undefined;
    throw error;
  }
}

function loaderWithSelf(self: object, cacheDir: string | undefined): UserFileLoader {
  let loader = withSelf.get(cacheDir ?? '');
  if (!loader) {
    loader = createJiti(import.meta.url, { ...USER_FILE_OPTIONS, fsCache: cacheDir ?? false, virtualModules: { [PACKAGE_NAME]: self } });
    withSelf.set(cacheDir ?? '', loader);
  }
  return loader;
}

/** The transpile cache folder when it can be created and trusted; otherwise none (a slower load, never a failure). */
function usableCacheDir(cache: UserFileLoaderOptions['transpileCache']): string | undefined {
  if (!cache) return undefined;
  const root = path.resolve(cache.trustedRoot);
  if (path.relative(root, path.resolve(cache.dir)).startsWith('..')) return undefined;
  try {
    // One folder per jiti release: its entries are checked against a cache format number, not jiti's transform.
    const { version } = createRequire(import.meta.url)('jiti/package.json') as { version: string };
    const dir = path.join(path.resolve(cache.dir), `jiti-${version}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // A cache folder linked out of the project is not used, as the lint caches are not written through one.
    if (path.relative(realpathSync(root), realpathSync(dir)).startsWith('..')) return undefined;
    for (let folder = dir; folder !== root; folder = path.dirname(folder)) {
      // untrustedReason judges a file and its folder; the folder's own entries are judged by the next step up.
      if (untrustedReason(folder) !== undefined) return undefined;
    }
    return dir;
  } catch {
    return undefined;
  }
}
