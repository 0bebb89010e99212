import { execFile } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { Finding, Severity } from '../../core/contracts.js';
import { PACKAGE_ROOT } from '../../core/package-info.js';
import { toProjectPath } from '../../config/project-paths.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import { rules } from '../../rules/index.js';
import type { PlumblineSettings } from '../../rules/project-context.js';
import { escapeRegExp } from '../../core/escape-regexp.js';
import { LineTable } from '../../core/line-table.js';

const execFileAsync = promisify(execFile);

/** The oxlint release the parity test runs against; its JS-plugin host is alpha upstream, so nothing else is assumed. */
export const OXLINT_VERSION = '1.96.0';

/** Keeps one oxlint command line well under Linux's argument limit; more files mean more oxlint runs. */
const MAX_ARGS_CHARS = 256 * 1024;

/** oxlint's `--format json` output (only the fields read here). */
interface OxlintReport {
  diagnostics: Array<{
    message: string;
    code?: string;
    severity: string;
    filename: string;
    labels?: Array<{ span: { offset: number; length: number } }>;
  }>;
}

/** Raised when oxlint is there and started but its run went wrong: a gate error, never a pass. */
export class OxlintRunError extends Error {}

/** The oxlint launcher (bin/oxlint, a Node script), or undefined when the optional dependency is not installed. */
export function oxlintBin(): string | undefined {
  try {
    const manifest = createRequire(path.join(PACKAGE_ROOT, 'package.json')).resolve('oxlint/package.json');
    return path.join(path.dirname(manifest), 'bin', 'oxlint');
  } catch {
    return undefined;
  }
}

export type OxlintProbe = { ok: true; bin: string } | { ok: false; reason: string };

/**
 * Whether oxlint starts here (its native binding loads and it prints its version); why not, when it does not.
 * With a cache file, a successful probe is remembered for the same launcher, oxlint package and Node (paths,
 * sizes, mtimes): a warm `plumbline check` then starts oxlint once, for the run, or not at all. A failed probe
 * is never remembered, and an oxlint that passed the probe but fails its run is still a gate error.
 */
export async function probeOxlint(options: { cacheFile?: string } = {}): Promise<OxlintProbe> {
  const bin = oxlintBin();
  if (!bin) return { ok: false, reason: 'oxlint is not installed' };
  const key = options.cacheFile ? probeKey(bin) : undefined;
  if (key !== undefined && readProbeKey(options.cacheFile as string) === key) return { ok: true, bin };
  try {
    const { stdout } = await execFileAsync(process.execPath, [bin, '--version'], { timeout: 30_000 });
    if (!stdout.includes(OXLINT_VERSION)) return { ok: false, reason: `oxlint ${OXLINT_VERSION} expected, found '${stdout.trim()}'` };
    if (key !== undefined) writeProbeKey(options.cacheFile as string, key);
    return { ok: true, bin };
  } catch (error) {
    return { ok: false, reason: `oxlint did not start: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** What a probe's outcome depends on: the launcher, oxlint's manifest, its native bindings as installed, Node. */
function probeKey(bin: string): string | undefined {
  try {
    const manifest = path.join(path.dirname(path.dirname(bin)), 'package.json');
    const files = [bin, manifest, process.execPath, ...nativeBindingFiles(manifest)];
    const stats = files.map((file) => {
      const stat = statSync(file);
      return `${file}:${stat.size}:${stat.mtimeMs}`;
    });
    return JSON.stringify([OXLINT_VERSION, process.version, process.platform, process.arch, ...stats]);
  } catch {
    return undefined; // a file that cannot be stated: probe for real
  }
}

/** The files of every `@oxlint/binding-*` package oxlint could load (where its require would look). */
function nativeBindingFiles(manifest: string): string[] {
  const files: string[] = [];
  for (const modules of createRequire(manifest).resolve.paths('@oxlint/binding') ?? []) {
    const scope = path.join(modules, '@oxlint');
    if (!existsSync(scope)) continue;
    files.push(scope);
    for (const binding of readdirSync(scope).sort()) {
      const dir = path.join(scope, binding);
      files.push(
        dir,
        ...readdirSync(dir)
          .sort()
          .map((name) => path.join(dir, name)),
      );
    }
  }
  return files;
}

function readProbeKey(cacheFile: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(cacheFile, 'utf8')) as { key?: unknown }).key as string | undefined;
  } catch {
    return undefined; // absent or corrupt: probe for real
  }
}

function writeProbeKey(cacheFile: string, key: string): void {
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileAtomic(cacheFile, JSON.stringify({ key }));
  } catch {
    // An unwritable cache costs the next run a probe, nothing more.
  }
}

/** Where oxlint imports the rules from: the built slim entry (oxlint loads JavaScript, not our TypeScript sources). */
export function builtPluginPath(): string {
  return path.join(PACKAGE_ROOT, 'dist', 'rules', 'oxlint-plugin.js');
}

/**
 * An oxlint config running Plumbline's recommended rules only (oxlint's own rules and categories off), the plugin
 * by absolute path. The CLI gives the resolved config in `settings.plumbline.config` (JSON: oxlint hands settings
 * to JS plugins as parsed JSON, so the config crosses over as data); with none, each rule finds the nearest config.
 */
export function oxlintConfigFor(settings: PlumblineSettings, pluginPath = builtPluginPath()): Record<string, unknown> {
  const enabled = Object.entries(rules).filter(([, rule]) => rule.meta.docs?.recommended);
  return {
    plugins: [],
    categories: {},
    jsPlugins: [pluginPath],
    settings: { plumbline: settings },
    rules: Object.fromEntries(enabled.map(([name]) => [`plumbline/${name}`, 'error'])),
  };
}

/**
 * Lints files on oxlint's JS-plugin host with a temporary config fed the resolved Plumbline config (never a
 * config found near the files), and turns its JSON report into the Findings the ESLint path gives.
 */
export function lintWithOxlint(
  config: ResolvedConfig,
  files: readonly string[],
  bin: string,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<Finding[]> {
  const unassignedSeverity = config.unassigned === 'warn' ? 'warning' : 'error';
  // oxlint reports an unreadable file without naming it: fail first with Node's own error (EACCES and the path),
  // which the CLI and the gates turn into "cannot read <file>", as on the ESLint path.
  for (const file of files) accessSync(file, constants.R_OK);
  return runOxlintWith(bin, oxlintConfigFor({ config }), config.root, files, { ...options, unassignedSeverity });
}

/** One oxlint config over files (in as many oxlint runs as the command line needs), paths relative to `root`. */
export async function runOxlintWith(
  bin: string,
  oxlintConfig: Record<string, unknown>,
  root: string,
  files: readonly string[],
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void; unassignedSeverity: Severity },
): Promise<Finding[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plumbline-oxlint-'));
  try {
    const configFile = path.join(dir, 'oxlintrc.json');
    writeFileSync(configFile, JSON.stringify(oxlintConfig));
    const findings: Finding[] = [];
    let done = 0;
    for (const chunk of argumentChunks(files)) {
      options.signal?.throwIfAborted();
      const report = await runOxlint(bin, configFile, root, chunk, options.signal);
      findings.push(...toFindings(root, report, options.unassignedSeverity));
      done += chunk.length;
      options.onProgress?.(done, files.length);
    }
    return findings;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function argumentChunks(files: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const file of files) {
    if (current.length > 0 && size + file.length + 1 > MAX_ARGS_CHARS) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(file);
    size += file.length + 1;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

async function runOxlint(bin: string, configFile: string, cwd: string, files: string[], signal?: AbortSignal): Promise<OxlintReport> {
  // --no-ignore: the file list is Plumbline's (include/exclude), not .gitignore's or .eslintignore's.
  const args = [bin, '-c', configFile, '--no-ignore', '-f', 'json', '--', ...files];
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(process.execPath, args, { cwd, maxBuffer: 512 * 1024 * 1024, signal }));
  } catch (error) {
    const failed = error as Error & { code?: unknown; stdout?: string; stderr?: string };
    signal?.throwIfAborted();
    // Exit 1 with a report means "violations found"; anything else is oxlint failing.
    if (failed.code !== 1 || !failed.stdout) {
      const detail = (failed.stderr ?? '').trim().split('\n').slice(-3).join(' ') || failed.message.split('\n')[0];
      throw new OxlintRunError(`oxlint failed (exit ${String(failed.code)}): ${detail}`);
    }
    stdout = failed.stdout;
  }
  try {
    const report = JSON.parse(stdout) as OxlintReport;
    if (!Array.isArray(report.diagnostics)) throw new Error('no diagnostics array');
    return report;
  } catch (error) {
    throw new OxlintRunError(`oxlint's JSON report could not be read: ${(error as Error).message}`);
  }
}

const RULE_CODE = /^plumbline\((?<rule>[\w-]+)\)$/;

function toFindings(root: string, report: OxlintReport, unassignedSeverity: Severity): Finding[] {
  const isUnassigned = messageMatcher('layer-boundaries', 'unassignedFile');
  const sources = new Map<string, ReportedSource>();
  const findings: Finding[] = [];
  for (const diagnostic of report.diagnostics) {
    // A diagnostic about no file is a failure of the run, not a finding: fail closed.
    if (!diagnostic.filename) throw new OxlintRunError(`oxlint reported an error about no file: ${diagnostic.message}`);
    const absolute = path.resolve(root, diagnostic.filename);
    const rule = RULE_CODE.exec(diagnostic.code ?? '')?.groups?.rule;
    // oxlint reports a parse failure as a diagnostic without a code; a code of another plugin is not ours.
    if (!rule && diagnostic.code) continue;
    let source = sources.get(absolute);
    if (!source) sources.set(absolute, (source = new ReportedSource(readFileSync(absolute))));
    const span = diagnostic.labels?.[0]?.span;
    const start = span ? source.position(span.offset) : { line: 0, column: 0 };
    const ruleId = rule ? `plumbline/${rule}` : 'plumbline/parse-error';
    const severity = rule && isUnassigned(rule, diagnostic.message) ? unassignedSeverity : toSeverity(diagnostic.severity);
    const finding: Finding = {
      ruleId,
      severity,
      message: rule ? diagnostic.message : `File could not be parsed, so it was not checked: ${diagnostic.message}`,
      file: toProjectPath(root, absolute) ?? absolute,
      line: start.line,
      column: start.column,
    };
    // A report at a point (`loc: { line, column }`) comes as an empty span; ESLint gives it no end.
    if (span && span.length > 0) {
      const end = source.position(span.offset + span.length);
      finding.endLine = end.line;
      finding.endColumn = end.column;
    }
    // oxlint names the rule it ran; one Plumbline does not ship has no docs link.
    const docsUrl = rule !== undefined && Object.hasOwn(rules, rule) ? rules[rule as keyof typeof rules].meta.docs?.url : undefined;
    if (docsUrl) finding.docsUrl = docsUrl;
    findings.push(finding);
  }
  return findings;
}

function toSeverity(severity: string): Severity {
  return severity === 'error' ? 'error' : 'warning';
}

/**
 * oxlint's spans are UTF-8 byte offsets and its columns count bytes; ESLint's columns count UTF-16 code units
 * (1-based). Positions are recomputed from the bytes so both engines place a finding on the same column.
 */
export class ReportedSource {
  private readonly lines: LineTable;

  constructor(private readonly bytes: Buffer) {
    this.lines = new LineTable(bytes.toString('utf8'));
  }

  position(byteOffset: number): { line: number; column: number } {
    const before = this.bytes.subarray(0, Math.min(byteOffset, this.bytes.length)).toString('utf8');
    return this.lines.position(before.length);
  }
}

/**
 * oxlint's JSON report gives the message, not the messageId. A message is matched against the rule's own message
 * template (placeholders as wildcards), so the unassigned-file severity follows `unassigned` on both engines.
 */
function messageMatcher(ruleName: keyof typeof rules, messageId: string): (rule: string, message: string) => boolean {
  const template = (rules[ruleName].meta.messages as Record<string, string>)[messageId] ?? '';
  const pattern = new RegExp(
    `^${template
      .split(/\{\{\s*\w+\s*\}\}/)
      .map(escapeRegExp)
      .join('.*')}$`,
    's',
  );
  return (rule, message) => rule === ruleName && pattern.test(message);
}
