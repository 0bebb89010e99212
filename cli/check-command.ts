import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Finding } from '../core/contracts.js';
import { withPresentedDocs } from '../core/docs-link.js';
import { unreadableFileError } from '../config/file-errors.js';
import { formatConfigWarnings } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { compareFindings } from '../core/finding-order.js';
import { toProjectPath } from '../config/project-paths.js';
import { listSourceFiles } from '../config/source-files.js';
import { filterCheckable, lintWithRules, type LintEngineChoice } from '../gates/static/lint.js';
import { LintEngineSchema } from '../config/schema.js';
import { renderFindings, shouldColor } from '../report/console.js';
import { stableStringify } from '../core/stable-json.js';
import { EXIT_PASS, EXIT_VIOLATIONS, UsageError } from './exit-codes.js';
import { notifyOnStderr } from './options.js';

const execFileAsync = promisify(execFile);

export interface CheckCommandOptions {
  config?: string;
  staged?: boolean;
  format?: string;
  /** false with --no-analyzers: only the per-file ESLint rules. */
  analyzers?: boolean;
  /** false with --no-cache: lint every file and re-read every analyzer fact. */
  cache?: boolean;
  /** --engine: the host that runs the rules (overrides gates.static.engine). */
  engine?: string;
}

/** `plumbline check`: the static rules on some files (or all) plus the whole-project analyzers, for editors' neighbours and pre-commit. */
export async function runCheckCommand(files: string[], options: CheckCommandOptions): Promise<number> {
  const format = options.format ?? 'stylish';
  if (format !== 'stylish' && format !== 'json') throw new UsageError(`--format: expected 'stylish' or 'json', got '${format}'`);
  if (options.staged && files.length > 0) throw new UsageError('give either files or --staged, not both');
  const engine = parseEngine(options.engine);
  const config = await loadConfig({ configFile: options.config, notify: notifyOnStderr, transpileCache: options.cache !== false });
  for (const line of formatConfigWarnings(config.configFile, config.warnings)) process.stderr.write(`${line}\n`);

  let targets: string[];
  if (options.staged) {
    targets = filterCheckable(config, await stagedFiles(config.root));
  } else if (files.length > 0) {
    targets = files.map((file) => path.resolve(file));
    const missing = targets.filter((file) => !existsSync(file));
    if (missing.length > 0) throw new UsageError(`no such file: ${missing.join(', ')}`);
    const outside = targets.filter((file) => toProjectPath(config.root, file) === undefined);
    if (outside.length > 0) {
      throw new UsageError(`${outside.join(', ')}: outside the project root ${config.root}; nothing there is checked`);
    }
  } else {
    targets = listSourceFiles(config);
  }

  const checked = await checkFiles(config, targets, {
    cache: options.cache !== false,
    analyzers: options.analyzers !== false,
    engine,
  }).catch((error: unknown) => {
    const unreadable = unreadableFileError(error, config.root);
    throw unreadable ? new UsageError(unreadable) : error;
  });
  const { filesChecked } = checked;
  if (!options.staged && files.length === 0) {
    // The whole project, judged like the static gate: a check that checked nothing is never a pass.
    const { vacuityFindings } = await import('../gates/static/vacuous-checks.js');
    checked.findings.push(...vacuityFindings(config, targets, config.mode));
  }
  const baselined = await withBaseline(config, checked.findings, {
    analyzers: options.analyzers !== false,
    files: options.staged || files.length > 0 ? targets : undefined,
  });
  const findings = withPresentedDocs(baselined, config);
  const failed = findings.some((finding) => finding.severity === 'error');
  if (format === 'json') {
    process.stdout.write(`${stableStringify({ filesChecked, findings }, 2)}\n`);
  } else {
    process.stdout.write(renderFindings(findings, { color: shouldColor(process.stdout) }));
    const errors = findings.filter((f) => f.severity === 'error').length;
    const summary = `${filesChecked} file${filesChecked === 1 ? '' : 's'} checked, ${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} other finding${findings.length - errors === 1 ? '' : 's'}`;
    process.stderr.write(`${summary}\n`);
  }
  return failed && config.mode !== 'monitor' ? EXIT_VIOLATIONS : EXIT_PASS;
}

/**
 * What `plumbline check` does once it knows its files: the static rules on them
 * (ESLint's result cache: only changed files are linted again) and, unless turned
 * off, the whole-project analyzers (their fact cache: only changed files are parsed).
 */
export async function checkFiles(
  config: ResolvedConfig,
  targets: readonly string[],
  options: { cache: boolean; analyzers: boolean; engine?: LintEngineChoice },
): Promise<{ findings: Finding[]; filesChecked: number }> {
  // The rules and the analyzers run side by side: on oxlint the rules run in a child process, so its start-up
  // (Node, the native binding, the plugin) overlaps the analyzers' parsing here instead of adding to it.
  const linted = lintWithRules(config, targets, { cache: options.cache, engine: options.engine });
  // Whole-project facts (operation ids, owners, specs, transactions): a staged file can break them elsewhere.
  const analyzed = options.analyzers
    ? import('../analyzers/index.js').then(({ runAnalyzers }) => runAnalyzers(config, { cache: options.cache }))
    : undefined;
  // Both settle before the outcome is known, so a failure of one never leaves the other writing its cache unwatched.
  const [lint, analysis] = await Promise.allSettled([linted, analyzed]);
  if (lint.status === 'rejected') throw lint.reason;
  if (analysis.status === 'rejected') throw analysis.reason;
  const findings = [...lint.value.findings, ...(analysis.value?.findings ?? [])];
  return { findings: findings.sort(compareFindings), filesChecked: lint.value.filesChecked };
}

/**
 * The committed baseline applied as the gate pack applies it: known findings
 * become warnings, fixed ones are reported. Only entries of the rules run and,
 * when files were named, of those files take part.
 */
export async function withBaseline(
  config: ResolvedConfig,
  findings: Finding[],
  options: { analyzers: boolean; files?: readonly string[] },
): Promise<Finding[]> {
  const { applyCommittedBaseline } = await import('../gates/shared/baseline/apply-baseline.js');
  const { staticRuleDescriptors } = await import('../gates/static/lint.js');
  const { analyzerRuleDescriptors } = await import('../analyzers/rules.js');
  const analyzerRules = options.analyzers ? analyzerRuleDescriptors() : [];
  const rules = [...staticRuleDescriptors(), ...analyzerRules];
  const files = options.files
    ? new Set(options.files.map((file) => toProjectPath(config.root, file)).filter((file): file is string => file !== undefined))
    : undefined;
  // The analyzers always look at the whole project, so their entries are judged whatever files were named.
  const wholeProjectRules = new Set(analyzerRules.map((rule) => rule.id));
  const outcome = await applyCommittedBaseline(
    { findings, rules },
    { config, gateId: 'static', mode: config.mode, files, wholeProjectRules },
  );
  return outcome.findings.sort(compareFindings);
}

/** --engine's value; absent: the config's gates.static.engine. */
export function parseEngine(value: string | undefined): LintEngineChoice | undefined {
  if (value === undefined) return undefined;
  const parsed = LintEngineSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--engine: expected one of ${LintEngineSchema.options.join(', ')}, got '${value}'`);
  return parsed.data;
}

/** Files staged for commit (added, copied, modified, renamed), as absolute paths. */
async function stagedFiles(cwd: string): Promise<string[]> {
  try {
    const { stdout: top } = await execFileAsync('git', ['rev-parse', '--show-toplevel'], { cwd });
    const { stdout } = await execFileAsync('git', ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z'], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout
      .split('\0')
      .filter(Boolean)
      .map((file) => path.resolve(top.trim(), file));
  } catch (error) {
    throw new UsageError(`--staged needs a git repository: ${(error as Error).message.split('\n')[0]}`);
  }
}
