import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import type { Finding } from '../../core/contracts.js';
import { toProjectPath } from '../../config/project-paths.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import { configForResolved, LINTED_FILES } from '../../rules/plugin.js';
import type { LintOptions, LintRun } from './lint.js';
import { staticRuleDescriptors } from './rule-descriptors.js';

/** How many files one ESLint call lints; between batches progress is reported and aborts are seen. */
const BATCH_SIZE = 250;

/**
 * The rules on ESLint's Node API (the fallback host, and the editor's). With `cacheFile`, ESLint's result cache is
 * used through a private copy of it (see openPrivateLintCache).
 */
export async function lintWithEslint(
  config: ResolvedConfig,
  files: readonly string[],
  options: LintOptions,
  cacheFile: string | undefined,
): Promise<Omit<LintRun, 'engine'>> {
  const privateCache = cacheFile ? openPrivateLintCache(cacheFile) : undefined;
  try {
    const run = await lintFilesWith(config, files, options, privateCache?.file);
    privateCache?.publish();
    return run;
  } finally {
    privateCache?.discard();
  }
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

function toFinding(
  message: Linter.LintMessage,
  file: string,
  docsByRule: Map<string, string | undefined>,
  unassignedSeverity: 'error' | 'warning',
): Finding {
  // ESLint reports a file it cannot parse as a fatal message without a rule.
  const ruleId = message.ruleId ?? (message.fatal ? 'plumbline/parse-error' : 'eslint');
  const severity = message.messageId === 'unassignedFile' ? unassignedSeverity : message.severity === 2 ? 'error' : 'warning';
  const finding: Finding = {
    ruleId,
    severity,
    message: message.fatal ? `File could not be parsed, so it was not checked: ${message.message}` : message.message,
    file,
    line: lineOf(message),
    column: columnOf(message),
  };
  if (message.endLine !== undefined) finding.endLine = message.endLine;
  if (message.endColumn !== undefined) finding.endColumn = message.endColumn;
  const docsUrl = docsByRule.get(ruleId);
  if (docsUrl) finding.docsUrl = docsUrl;
  return finding;
}

/** ESLint's types promise a place; a fatal message of a parser that gives none still gets one (line 0: the file). */
function lineOf(message: { line?: number }): number {
  return message.line ?? 0;
}

function columnOf(message: { column?: number }): number {
  return message.column ?? 0;
}
