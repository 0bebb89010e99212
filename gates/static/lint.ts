import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import type { Finding, RuleDescriptor } from '../../config/contracts.js';
import { getProjectMatcher } from '../../config/project-paths.js';
import { isInsideProject, toProjectPath } from '../../config/project-paths.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import { rules } from '../../rules/index.js';
import { configForResolved, LINTED_FILES } from '../../rules/plugin.js';
import type { z } from 'zod';
import type { LintEngineSchema } from '../../config/schema.js';

/** How many files one ESLint call lints; between batches progress is reported and aborts are seen. */
const BATCH_SIZE = 250;

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

export { listSourceFiles } from '../../config/source-files.js';

export function staticRuleDescriptors(): RuleDescriptor[] {
  return Object.entries(rules).map(([name, rule]) => ({
    id: `plumbline/${name}`,
    description: rule.meta.docs?.description ?? name,
    docsUrl: rule.meta.docs?.url,
  }));
}

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
  const privateCache = cached ? openPrivateLintCache(cacheFile) : undefined;
  try {
    const run = await lintFilesWith(config, files, options, privateCache?.file);
    privateCache?.publish();
    return { ...run, engine: 'eslint' };
  } finally {
    privateCache?.discard();
  }
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

async function lintFilesWith(
  config: ResolvedConfig,
  files: readonly string[],
  options: LintOptions,
  cacheFile: string | undefined,
): Promise<Omit<LintRun, 'engine'>> {
  const eslint = new ESLint({
    cwd: config.root,
    // ESLint's own result cache, keyed by each file's content and the whole ESLint config (which holds the
    // resolved Plumbline config in its settings): a warm `plumbline check` lints only what changed.
    ...(cacheFile ? { cache: true, cacheLocation: cacheFile, cacheStrategy: 'content' as const } : {}),
    overrideConfigFile: true,
    overrideConfig: [
      configForResolved(config) as Linter.Config,
      // Directives about other tools' rules (`eslint-disable … @typescript-eslint/…`) are not ours to judge.
      { files: [...LINTED_FILES, ...config.include], linterOptions: { reportUnusedDisableDirectives: 'off' } },
    ],
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
  });
  const docsByRule = new Map(staticRuleDescriptors().map((d) => [d.id, d.docsUrl]));
  const unassignedSeverity = config.unassigned === 'warn' ? 'warning' : 'error';
  const findings: Finding[] = [];
  // With a cache, ESLint rewrites its whole cache file after every lintFiles call: one call, then.
  const batchSize = options.cache ? Math.max(files.length, 1) : BATCH_SIZE;
  for (let start = 0; start < files.length; start += batchSize) {
    options.signal?.throwIfAborted();
    const results = await eslint.lintFiles(files.slice(start, start + batchSize));
    for (const result of results) {
      const file = toProjectPath(config.root, result.filePath) ?? result.filePath;
      for (const message of result.messages) {
        // Only Plumbline's rules and parse failures: ESLint also reports directives
        // that name rules this run does not load, which say nothing about the code.
        if (message.fatal || (message.ruleId !== null && docsByRule.has(message.ruleId))) {
          findings.push(toFinding(message, file, docsByRule, unassignedSeverity));
        }
      }
    }
    options.onProgress?.(Math.min(start + batchSize, files.length), files.length);
  }
  return { findings, filesChecked: files.length };
}

/**
 * ESLint writes its cache file in place (not atomically), so two runs on one
 * project could interleave their writes into a corrupt file, and a killed run
 * could leave half of one. Each run therefore lints against a private copy and
 * renames it over the shared file at the end: the shared file is always one
 * run's whole cache (last writer wins). A shared file that is not JSON is not
 * copied: a cold run, never a wrong one.
 */
function openPrivateLintCache(shared: string): { file: string; publish(): void; discard(): void } {
  const file = `${shared}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(shared), { recursive: true });
    JSON.parse(readFileSync(shared, 'utf8'));
    copyFileSync(shared, file);
  } catch {
    rmSync(file, { force: true }); // absent, unreadable or corrupt: start from an empty cache
  }
  return {
    file,
    publish() {
      try {
        renameSync(file, shared);
      } catch {
        // ESLint wrote no cache (nothing linted), or the folder went away: the next run is cold, no more.
      }
    },
    discard() {
      rmSync(file, { force: true });
    },
  };
}

/** Where `plumbline check` keeps ESLint's result cache. */
export function lintCacheFile(config: ResolvedConfig): string {
  return path.join(config.root, '.plumbline', 'cache', 'eslint', 'results.json');
}

function toFinding(
  message: Linter.LintMessage,
  file: string,
  docsByRule: Map<string, string | undefined>,
  unassignedSeverity: 'error' | 'warning',
): Finding {
  // ESLint reports a file it cannot parse as a fatal message without a rule.
  const ruleId = message.ruleId ?? (message.fatal ? 'plumbline/parse-error' : 'eslint');
  const severity =
    message.messageId === 'unassignedFile' ? unassignedSeverity : message.severity === 2 ? 'error' : 'warning';
  const finding: Finding = {
    ruleId,
    severity,
    message: message.fatal ? `File could not be parsed, so it was not checked: ${message.message}` : message.message,
    file,
    line: message.line ?? 0,
    column: message.column ?? 0,
  };
  if (message.endLine !== undefined) finding.endLine = message.endLine;
  if (message.endColumn !== undefined) finding.endColumn = message.endColumn;
  const docsUrl = docsByRule.get(ruleId);
  if (docsUrl) finding.docsUrl = docsUrl;
  return finding;
}

/** Keeps the files a static check applies to: project sources, plus anything a banned pattern names. */
export function filterCheckable(config: ResolvedConfig, files: readonly string[]): string[] {
  const matcher = getProjectMatcher(config);
  return files.filter((file) => matcher.isSource(file) || matcher.bannedEntryFor(file) !== undefined);
}
