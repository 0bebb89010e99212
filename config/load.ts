import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { searchBoundary, untrustedReason } from './config-trust.js';
import { ConfigError, firstLine } from './errors.js';
import { guardUserCode } from './user-code-guard.js';
import { resolveConfig, type ResolvedConfig } from './resolve.js';
import { userFileLoader, userFileLoaderSync } from './user-file-loader.js';

export interface LoadOptions {
  configFile?: string;
  cwd?: string;
  /** Bound on loading a module config; default CONFIG_LOAD_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Told which config was loaded and warned about side-by-side configs (the CLI: one stderr line each). */
  notify?: (line: string) => void;
  /**
   * Keep the transpiled module config (and the project files it imports) under `.plumbline/cache/config` beside
   * the config, as jiti's file cache: a later load whose sources are unchanged skips Babel. `plumbline check` asks
   * for it unless `--no-cache`.
   */
  transpileCache?: boolean;
}

/** Where a module config's transpiled code is kept (with LoadOptions.transpileCache), beside the config. */
export function configTranspileCacheDir(configFile: string): string {
  return path.join(path.dirname(configFile), '.plumbline', 'cache', 'config');
}

export const CONFIG_FILE_NAMES = [
  'plumbline.config.ts',
  'plumbline.config.mts',
  'plumbline.config.cts',
  'plumbline.config.js',
  'plumbline.config.mjs',
  'plumbline.config.cjs',
  'plumbline.config.json',
] as const;

/** Config files in one folder, in the order they win. */
function configFilesIn(dir: string): string[] {
  return CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).filter((file) => existsSync(file));
}

/** The config files of the nearest folder holding one, from `start` up to the repository root. */
function searchConfigFiles(start: string): string[] {
  const boundary = searchBoundary(start);
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const found = configFilesIn(dir);
    if (found.length > 0) return found;
    if (dir === boundary || path.dirname(dir) === dir) return [];
  }
}

/**
 * Walks up from `start` to the repository root (`.git`, else package.json) and returns the
 * first config file found. A config that others could have written is refused (ConfigError):
 * loading it would run their code; `--config` naming it is the way to trust it anyway.
 */
export function findConfigFile(start: string): string | undefined {
  const file = searchConfigFiles(start)[0];
  if (file === undefined) return undefined;
  const reason = untrustedReason(file);
  if (reason) {
    throw new ConfigError(file, [{ path: '', message: `not loaded: ${reason}; name it with --config to load it anyway` }]);
  }
  return file;
}

function locate(options: LoadOptions): string {
  const cwd = options.cwd ?? process.cwd();
  if (options.configFile) {
    const file = path.resolve(cwd, options.configFile);
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new ConfigError(file, [{ path: '', message: 'config file not found' }]);
    }
    return file;
  }
  const found = findConfigFile(cwd);
  if (!found) {
    throw new ConfigError(undefined, [
      {
        path: '',
        message:
          `no ${CONFIG_FILE_NAMES[0]} (or .mts/.js/.mjs/.cjs/.json) found in ${cwd} or any parent folder up to the repository root; ` +
          "pass --config <file> or run 'plumbline init'",
      },
    ]);
  }
  const siblings = configFilesIn(path.dirname(found));
  if (siblings.length > 1) {
    const names = siblings.map((file) => path.basename(file));
    options.notify?.(`warning: several config files in ${path.dirname(found)} (${names.join(', ')}); using ${names[0]}`);
  }
  return found;
}

/** Loads and validates the project's config (async: ESM configs with top-level await work). */
export async function loadConfig(options: LoadOptions = {}): Promise<ResolvedConfig> {
  const file = locate(options);
  const raw = file.endsWith('.json') ? readJson(file) : defaultExport(file, await importModule(file, options));
  const config = resolveConfig(raw, { configFile: file });
  options.notify?.(`config ${file}`);
  return config;
}

/**
 * Synchronous variant for ESLint rules, which cannot await. Cached per file and
 * modification time so an editor sees config edits without a restart.
 */
export function loadConfigSync(options: LoadOptions = {}): ResolvedConfig {
  const file = locate(options);
  const mtime = statSync(file).mtimeMs;
  const cached = syncCache.get(file);
  if (cached && cached.mtime === mtime) return cached.config;
  const raw = file.endsWith('.json') ? readJson(file) : defaultExport(file, requireModule(file));
  const config = resolveConfig(raw, { configFile: file });
  syncCache.set(file, { mtime, config });
  return config;
}

const syncCache = new Map<string, { mtime: number; config: ResolvedConfig }>();

function readJson(file: string): unknown {
  try {
    // A byte order mark is accepted, as Node's own JSON tools (package.json) accept it.
    return JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(file, [{ path: '', message: `not valid JSON: ${(error as Error).message}` }]);
  }
}

/** How long a config may take to load (a top-level await that never settles) before it is an error. */
export const CONFIG_LOAD_TIMEOUT_MS = 60_000;

async function importModule(file: string, options: LoadOptions): Promise<unknown> {
  const { timeoutMs = CONFIG_LOAD_TIMEOUT_MS } = options;
  const transpileCache = options.transpileCache ? { dir: configTranspileCacheDir(file), trustedRoot: path.dirname(file) } : undefined;
  // The config is the project's code: its process.exit, async throw or endless load is a config error.
  const load = async (cache: typeof transpileCache) => {
    const jiti = await userFileLoader({ transpileCache: cache });
    return guardUserCode(() => jiti.import(file, { default: true }), { what: 'the config', timeoutMs });
  };
  try {
    try {
      return await load(transpileCache);
    } catch (error) {
      // jiti reads and writes its entries unguarded: an entry it cannot read or write (a folder in its place, a full
      // disk) fails the load. That is the cache's fault, not the config's: load it again without the cache.
      if (!transpileCache || !isCacheFileError(error, transpileCache.dir)) throw error;
      return await load(undefined);
    }
  } catch (error) {
    throw new ConfigError(file, [{ path: '', message: `could not be loaded: ${firstLine(error)}` }]);
  }
}

/**
 * A file system error that may come from the transpile cache: about a path inside it, or about none (a read of an
 * open file, which is how jiti meets a folder in an entry's place). One about another path is the config's own.
 */
function isCacheFileError(error: unknown, dir: string): boolean {
  const { syscall, path: file } = (error ?? {}) as { syscall?: unknown; path?: unknown };
  if (typeof syscall !== 'string') return false;
  if (file === undefined) return true;
  const relative = typeof file === 'string' ? path.relative(dir, file) : '..';
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

function requireModule(file: string): unknown {
  const jiti = userFileLoaderSync();
  try {
    // ESLint's rules load the config synchronously, and calling the loader is jiti's only synchronous entry.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    return jiti(file);
  } catch (error) {
    throw new ConfigError(file, [{ path: '', message: `could not be loaded: ${firstLine(error)}` }]);
  }
}

/**
 * The config a module exports by default. jiti hands back the module itself when its default
 * is missing or undefined; that is named as such, not judged as a config with a `default` field.
 */
function defaultExport(file: string, mod: unknown): unknown {
  // A namespace (ESM), a transpiled one (__esModule), or jiti's interop object holding only `default`.
  const isModule =
    typeof mod === 'object' &&
    mod !== null &&
    (Object.prototype.toString.call(mod) === '[object Module]' || '__esModule' in mod || Object.keys(mod).join() === 'default');
  if (!isModule) {
    if (mod === undefined || mod === null) throw new ConfigError(file, [{ path: '', message: 'the config exports nothing' }]);
    return mod;
  }
  if (!('default' in mod)) {
    throw new ConfigError(file, [{ path: '', message: 'the config has no default export (export default defineConfig({ ... }))' }]);
  }
  // The own property, not `mod.default`: jiti's interop proxy answers the module itself for a missing default.
  const own = Object.getOwnPropertyDescriptor(mod, 'default');
  const value: unknown = own && 'get' in own ? own.get?.call(mod) : own?.value;
  if (value === undefined || value === null) throw new ConfigError(file, [{ path: '', message: 'the config exports nothing' }]);
  return value;
}
