import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  baselineSettings,
  readBaselineFile,
  writeBaselineFile,
  type Baseline,
  type BaselineEntry,
  type MetricEntry,
} from '../core/baseline/baseline-file.js';
import { createIdentifier } from '../core/baseline/finding-identity.js';
import { entriesFor, pruneEntries } from '../core/baseline/finding-ratchet.js';
import { tightenMetric } from '../core/baseline/numeric-ratchet.js';
import { loadConfig } from '../config/load.js';
import { toProjectPath } from '../config/project-paths.js';
import { FINDING_BASELINE_GATES, METRIC_RATCHETS } from '../gates/shared/baseline/metric-ratchets.js';
import { withDatabaseUrl } from '../gates/shared/database/database-target.js';
import { builtinGates } from '../gates/runner/registry.js';
import { runGatePack, type GateRun } from '../gates/runner/run-pack.js';
import { createProgressReporter } from '../report/progress.js';
import { EXIT_PASS, EXIT_VIOLATIONS, UsageError } from './exit-codes.js';
import { notifyOnStderr, resolveEvidenceDir } from './options.js';

export interface BaselineCommandOptions {
  config?: string;
  /** Tighten the existing baseline: drop what is fixed, never add. */
  prune?: boolean;
  /** Rewrite an existing baseline from scratch, accepting every current finding. */
  force?: boolean;
  only?: string[];
  evidenceDir?: string;
  db?: string;
  quiet?: boolean;
}

/** Findings that are never accepted as debt: a gate that checked nothing, or could not run, is not debt. */
const NEVER_BASELINED = new Set(['plumbline/empty-layer', 'plumbline/nothing-checked', 'plumbline/gate-error', 'plumbline/parse-error']);

/**
 * `plumbline baseline`: runs the gates the baseline covers without applying the
 * current baseline and writes `.plumbline/baseline.json` (findings by identity,
 * held numbers). With `--prune`, the existing baseline only tightens.
 */
export async function runBaselineCommand(options: BaselineCommandOptions): Promise<number> {
  if (options.prune && options.force) throw new UsageError('--prune and --force cannot be used together');
  const config = withDatabaseUrl(await loadConfig({ configFile: options.config, notify: notifyOnStderr }), options.db);
  const { file } = baselineSettings(config);
  const shown = toProjectPath(config.root, file) ?? file;
  const existing = readBaselineFile(file);
  if (existing.kind === 'ok' && !options.prune && !options.force) {
    throw new UsageError(
      `${shown} exists: tighten it with --prune, or rewrite it from scratch (accepting every current finding) with --force`,
    );
  }
  if (existing.kind === 'corrupt' && options.prune)
    throw new UsageError(`${shown} cannot be pruned: ${existing.reason}; rewrite it with --force`);
  if (existing.kind === 'missing' && options.prune)
    throw new UsageError(`${shown} does not exist: write it first with \`plumbline baseline\``);

  const baselinable = [...FINDING_BASELINE_GATES, ...new Set(METRIC_RATCHETS.map((ratchet) => ratchet.gate))];
  const gates = options.only && options.only.length > 0 ? options.only : defaultGates(config);
  const unknown = gates.filter((gate) => !baselinable.includes(gate));
  if (unknown.length > 0)
    throw new UsageError(`--only: ${unknown.join(', ')} has nothing to baseline (gates with a baseline: ${baselinable.join(', ')})`);

  const pack = await runGatePack({
    config,
    gates: builtinGates,
    only: gates,
    baseline: false,
    mode: 'monitor',
    evidenceDir: resolveEvidenceDir(config, options.evidenceDir),
    onEvent: createProgressReporter(process.stderr, { quiet: options.quiet }),
  });
  const broken = pack.gates.filter((gate) => gate.status === 'error');
  if (broken.length > 0) {
    process.stderr.write(
      broken.map((gate) => `plumbline: gate '${gate.id}' could not run (${gate.reason ?? 'error'}): no baseline written\n`).join(''),
    );
    return EXIT_VIOLATIONS;
  }

  const identify = createIdentifier((projectPath) => readSource(config.root, projectPath));
  const findingRuns = pack.gates.filter((gate) => FINDING_BASELINE_GATES.includes(gate.id));
  const identities = findingRuns
    .flatMap((gate) => gate.findings)
    .filter((finding) => finding.severity !== 'note' && !NEVER_BASELINED.has(finding.ruleId))
    .map(identify);
  const checkedRules = new Set(
    findingRuns.flatMap((gate) => [...gate.rules.map((rule) => rule.id), ...gate.findings.map((finding) => finding.ruleId)]),
  );
  const measured = measuredMetrics(pack.gates);

  let baseline: Baseline;
  if (options.prune && existing.kind === 'ok') {
    const inScope = (entry: BaselineEntry) => checkedRules.has(entry.rule);
    baseline = {
      schemaVersion: 1,
      findings: pruneEntries(existing.baseline.findings, identities, inScope),
      metrics: pruneMetrics(existing.baseline.metrics, measured, new Set(pack.gates.map((gate) => gate.id))),
    };
  } else {
    baseline = { schemaVersion: 1, findings: entriesFor(identities), metrics: measured };
  }
  writeBaselineFile(file, baseline);

  const accepted = baseline.findings.reduce((sum, entry) => sum + entry.count, 0);
  const numbers = Object.values(baseline.metrics).reduce((sum, held) => sum + Object.keys(held).length, 0);
  const before = existing.kind === 'ok' ? existing.baseline.findings.reduce((sum, entry) => sum + entry.count, 0) : undefined;
  const change = before === undefined || !options.prune ? '' : ` (was ${before}: ${before - accepted} fixed finding(s) pruned)`;
  process.stdout.write(
    `Baseline written: ${shown}: ${accepted} accepted finding(s) in ${baseline.findings.length} entr${baseline.findings.length === 1 ? 'y' : 'ies'}${change}, ${numbers} held number(s). Review it and commit it.\n`,
  );
  return EXIT_PASS;
}

/** The finding gates always; a numeric gate only when its section is configured (it would otherwise measure nothing). */
function defaultGates(config: Awaited<ReturnType<typeof loadConfig>>): string[] {
  const gates = [...FINDING_BASELINE_GATES];
  if (config.data) gates.push('data-quality');
  if (config.replay && config.gates.replay?.input !== undefined) gates.push('replay');
  return gates;
}

function measuredMetrics(runs: readonly GateRun[]): Baseline['metrics'] {
  const metrics: Baseline['metrics'] = {};
  for (const ratchet of METRIC_RATCHETS) {
    const value = runs.find((run) => run.id === ratchet.gate)?.metrics[ratchet.metric];
    if (typeof value !== 'number') continue;
    metrics[ratchet.gate] = { ...(metrics[ratchet.gate] ?? {}), [ratchet.metric]: { value, better: ratchet.better } };
  }
  return metrics;
}

/** Held numbers only tighten; a number of a gate that ran but no longer measures it is dropped; other gates' are kept. */
function pruneMetrics(held: Baseline['metrics'], measured: Baseline['metrics'], ran: ReadonlySet<string>): Baseline['metrics'] {
  const result: Baseline['metrics'] = {};
  for (const [gate, numbers] of Object.entries(held)) {
    const kept: Record<string, MetricEntry> = {};
    for (const [name, entry] of Object.entries(numbers)) {
      const now = measured[gate]?.[name];
      if (!ran.has(gate)) kept[name] = entry;
      else if (now) kept[name] = { value: tightenMetric(now.value, entry.value, entry.better), better: entry.better };
    }
    if (Object.keys(kept).length > 0) result[gate] = kept;
  }
  return result;
}

function readSource(root: string, projectPath: string): string | undefined {
  const absolute = path.join(root, projectPath);
  return existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined;
}
