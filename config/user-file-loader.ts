import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createJiti } from 'jiti';
import { PACKAGE_NAME, SELF_IMPORT_ALIAS } from '../core/package-info.js';

export type UserFileLoader = ReturnType<typeof createJiti>;

/**
 * The tool's public entry beside this module: dist/index.js when built, index.ts from the sources (tests). It is
 * what SELF_IMPORT_ALIAS names: a config or data contract is the tool's user, so it sees the tool's public API.
 */
const SELF_ENTRY = fileURLToPath(new URL(`../index${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url));

// moduleCache off: an edited user file must be seen by a long-lived process (editor).
const USER_FILE_OPTIONS = { moduleCache: false, fsCache: false, interopDefault: true } as const;

let selfModule: object | undefined;
let withSelf: UserFileLoader | undefined;
let withAlias: UserFileLoader | undefined;

/**
 * A jiti loader for the project's TypeScript/JavaScript files (configs, data contracts) whose
 * `import ... from '@plumbline-kit/plumbline'` is answered by the tool as this process already loaded it. Aliasing
 * the name to the tool's files instead made jiti evaluate the whole tool again for every load, and transpile it
 * too when it runs from the sources: seconds per load.
 */
export async function userFileLoader(): Promise<UserFileLoader> {
  selfModule ??= (await import(pathToFileURL(SELF_ENTRY).href)) as object;
  return loaderWithSelf(selfModule);
}

/** userFileLoader for callers that cannot await (ESLint rules). */
export function userFileLoaderSync(): UserFileLoader {
  if (!selfModule && SELF_ENTRY.endsWith('.js')) selfModule = requireSelf();
  if (selfModule) return loaderWithSelf(selfModule);
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

function loaderWithSelf(self: object): UserFileLoader {
  withSelf ??= createJiti(import.meta.url, { ...USER_FILE_OPTIONS, virtualModules: { [PACKAGE_NAME]: self } });
  return withSelf;
}
