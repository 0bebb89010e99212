import path from 'node:path';
import type { Finding } from '../../core/contracts.js';
import { getProjectMatcher } from '../../config/project-paths.js';
import { isInsideProject } from '../../config/project-paths.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import type { z } from 'zod';
import type { LintEngineSchema } from '../../config/schema.js';

export interface LintRun {
  findings: Finding[];
  filesChecked: number;
  /** The host that ran the rules (recorded in the static gate's metrics). */
  engine: LintEngine;
}

export type LintEngine = 'eslint' | 'oxlint';
export type LintEngineChoice = z.infer<typeof LintEngineSchema>;

export interface LintOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** The result cache under .plumbline/cache: ESLint's own, or Plumbline's for oxlint (which keeps none). */
  cache?: boolean;
  /** Overrides gates.static.engine. */
  engine?: LintEngineChoice;
}

export { staticRuleDescriptors } from './rule-descriptors.js';

/**
 * Lints files with Plumbline's rules on the chosen host: oxlint's JS-plugin host when it is installed and starts
 * (the default), else ESLint's Node API. Either way results depend on plumbline.config only, never on an
 * eslint.config or .oxlintrc of the project.
 */
export async function lintWithRules(config: ResolvedConfig, files: readonly string[], options: LintOptions = {}): Promise<LintRun> {
  // A cache folder linked out of the project is not written through: the run goes uncached.
  const cacheFile = lintCacheFile(config);
  const cached = options.cache === true && isInsideProject(config.root, cacheFile);
  const choice = options.engine ?? config.gates.static?.engine ?? 'auto';
  // With the cache on, a probe that passed once is remembered (keyed by oxlint's files): a warm run starts oxlint once.
  const oxlint = await chooseOxlint(choice, cached ? path.join(config.root, '.plumbline', 'cache', 'oxlint', 'probe.json') : undefined);
  if (oxlint) {
    const { lintWithOxlint, OXLINT_VERSION } = await import('./oxlint-engine.js');
    if (!cached) return { findings: await lintWithOxlint(config, files, oxlint, options), filesChecked: files.length, engine: 'oxlint' };
    const { openOxlintCache } = await import('./oxlint-cache.js');
    const cache = openOxlintCache(config, files, OXLINT_VERSION);
    const linted = cache.stale.length > 0 ? await lintWithOxlint(config, cache.stale, oxlint, options) : [];
    cache.save(linted);
    return { findings: [...cache.cachedFindings, ...linted], filesChecked: files.length, engine: 'oxlint' };
  }
  // ESLint (and with it TypeScript, through the rules' parser) loads only when the rules run on it.
  const { lintWithEslint } = await import('./eslint-engine.js');
  return { ...(await lintWithEslint(config, files, options, cached ? cacheFile : undefined)), engine: 'eslint' };
}

let fallbackTold = false;

/** oxlint's launcher when the choice allows it and it starts; undefined means ESLint (said once per process). */
async function chooseOxlint(choice: LintEngineChoice, probeCacheFile: string | undefined): Promise<string | undefined> {
  if (choice === 'eslint') return undefined;
  const { probeOxlint } = await import('./oxlint-engine.js');
  const probe = await probeOxlint({ cacheFile: probeCacheFile });
  if (probe.ok) return probe.bin;
  if (!fallbackTold) {
    fallbackTold = true;
    process.stderr.write(`plumbline: ${probe.reason}; the rules run on ESLint instead.\n`);
  }
  return undefined;
}

/** Where `plumbline check` keeps ESLint's result cache. */
export function lintCacheFile(config: ResolvedConfig): string {
  return path.join(config.root, '.plumbline', 'cache', 'eslint', 'results.json');
}

/** Keeps the files a static check applies to: project sources, plus anything a banned pattern names. */
export function filterCheckable(config: ResolvedConfig, files: readonly string[]): string[] {
  const matcher = getProjectMatcher(config);
  return files.filter((file) => matcher.isSource(file) || matcher.bannedEntryFor(file) !== undefined);
}
