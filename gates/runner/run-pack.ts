import path from 'node:path';
import { z } from 'zod';
import {
  BaselineDeltaSchema,
  FindingSchema,
  RuleDescriptorSchema,
  type GateOutcome,
  type GateResult,
  type GateStatus,
  type RuleDescriptor,
} from '../../core/contracts.js';
import { boundMessage } from '../../core/bounded-text.js';
import { withPresentedDocs } from '../../core/docs-link.js';
import { ConfigError, formatPath } from '../../config/errors.js';
import { MissingPeerError } from '../../core/optional-peer.js';
import { guardUserCode } from '../../config/user-code-guard.js';
import { toProjectPath } from '../../config/project-paths.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import type { Mode } from '../../config/schema.js';
import { applyCommittedBaseline } from '../shared/baseline/apply-baseline.js';
import { deferralFinding, judgeDeferral, todayUtc } from './deferrals.js';
import { packRules } from './rules.js';
import { compareFindings } from '../../core/finding-order.js';
import { gateSettings, type AnyGate, type GateContext } from './gate-contract.js';
import { escapeRegExp } from '../../core/escape-regexp.js';
import { lineMatching, readLines } from '../../core/text-lines.js';

export interface PackOptions {
  config: ResolvedConfig;
  gates: readonly AnyGate[];
  only?: string[];
  skip?: string[];
  failFast?: boolean;
  /** Overrides the config's mode (`--strict` / `--monitor`). */
  mode?: Mode;
  /** YYYY-MM-DD used to judge deferrals; default today (UTC). */
  today?: string;
  /** Absolute evidence folder; gates write artifacts below it. */
  evidenceDir: string;
  /** false: ignore the committed baseline (`plumbline baseline` measures the raw findings). Default: applied. */
  baseline?: boolean;
  /** Called when a gate starts and ends, and with each progress line. */
  onEvent?: (event: PackEvent) => void;
}

export type PackEvent =
  | { kind: 'gate-start'; gate: AnyGate; index: number; total: number }
  | { kind: 'gate-progress'; gate: AnyGate; message: string }
  | { kind: 'gate-end'; gate: AnyGate; result: GateResult }
  | { kind: 'gate-not-run'; gate: AnyGate; reason: string };

export interface GateRun extends GateResult {
  id: string;
  title: string;
}

export interface PackResult {
  mode: Mode;
  gates: GateRun[];
  skipped: Array<{ gate: string; reason: string }>;
  deferred: Array<{ gate: string; reason: string; until?: string; expired: boolean }>;
  passed: boolean;
  exitCode: 0 | 1;
  /** Why the pack cannot pass whatever its gates said (no gate ran). */
  problem?: string;
}

/** Statuses that let the pack pass. */
const PASSING: ReadonlySet<GateStatus> = new Set(['pass', 'deferred']);

/**
 * Runs the gates in their fixed order and decides the verdict. Fails closed: a
 * gate that throws or outlives its timeout is `error`, and `error` fails the pack.
 */
export async function runGatePack(options: PackOptions): Promise<PackResult> {
  const { config, gates } = options;
  validateSelection(options);
  const mode = options.mode ?? config.mode;
  const today = options.today ?? todayUtc();
  const runs: GateRun[] = [];
  const skipped: PackResult['skipped'] = [];
  const deferred: PackResult['deferred'] = [];
  const selected = gates.filter((gate) => {
    if (options.only && options.only.length > 0 && !options.only.includes(gate.id)) {
      skipped.push({ gate: gate.id, reason: 'not selected by --only' });
      return false;
    }
    if (options.skip?.includes(gate.id)) {
      skipped.push({ gate: gate.id, reason: 'skipped by --skip' });
      return false;
    }
    return true;
  });

  for (const [index, gate] of selected.entries()) {
    if (options.failFast && runs.some((run) => !PASSING.has(run.status))) {
      skipped.push({ gate: gate.id, reason: '--fail-fast: an earlier gate did not pass' });
      continue;
    }
    options.onEvent?.({ kind: 'gate-start', gate, index, total: selected.length });
    const deferral = config.deferred.find((item) => item.gate === gate.id);
    let result: GateResult;
    if (deferral) {
      const verdict = judgeDeferral(deferral, mode, today);
      deferred.push({ gate: gate.id, reason: deferral.reason, until: deferral.until, expired: verdict.expired });
      result = verdict.holds
        ? emptyResult('deferred', `deferred: ${deferral.reason}${deferral.until ? ` (until ${deferral.until})` : ''}`)
        : {
            ...emptyResult('fail', verdict.problem),
            findings: [deferralFinding(verdict.problem ?? '', configPath(config), deferralLine(config, gate.id))],
          };
    } else {
      const ran = await runOneGate(gate, options);
      if ('nothingToCheck' in ran) {
        skipped.push({ gate: gate.id, reason: ran.nothingToCheck });
        options.onEvent?.({ kind: 'gate-not-run', gate, reason: ran.nothingToCheck });
        continue;
      }
      result = ran;
    }
    result = { ...result, findings: withPresentedDocs(result.findings, config), rules: withPresentedDocs(result.rules, config) };
    runs.push({ id: gate.id, title: gate.title, ...result });
    options.onEvent?.({ kind: 'gate-end', gate, result });
  }

  // A pack that checked nothing is never a pass: it fails (strict) or, in monitor mode, warns with exit 0.
  const problem = runs.length === 0 ? 'no gate ran (every selected gate was skipped or had nothing to check)' : undefined;
  const passed = problem === undefined && runs.every((run) => PASSING.has(run.status));
  return {
    mode,
    gates: runs,
    skipped,
    deferred,
    passed,
    exitCode: passed || mode === 'monitor' ? 0 : 1,
    ...(problem ? { problem } : {}),
  };
}

function validateSelection(options: PackOptions): void {
  const ids = options.gates.map((gate) => gate.id);
  const problems = [
    ...(options.only ?? []).map((id, index) => ({ id, path: `--only[${index}]` })),
    ...(options.skip ?? []).map((id, index) => ({ id, path: `--skip[${index}]` })),
  ]
    .filter(({ id }) => !ids.includes(id))
    .map(({ id, path: field }) => ({ path: field, message: `unknown gate '${id}' (gates: ${ids.join(', ')})` }));
  options.config.deferred.forEach((item, index) => {
    if (!ids.includes(item.gate)) {
      problems.push({ path: `deferred[${index}].gate`, message: `unknown gate '${item.gate}' (gates: ${ids.join(', ')})` });
    }
  });
  if (problems.length > 0) throw new ConfigError(options.config.configFile, problems);
}

async function runOneGate(gate: AnyGate, options: PackOptions): Promise<GateResult | { nothingToCheck: string }> {
  const timeoutMs = gateTimeout(options.config, gate.id);
  const controller = new AbortController();
  const started = performance.now();
  const mode = options.mode ?? options.config.mode;
  const ctx: GateContext = {
    config: options.config,
    mode,
    signal: controller.signal,
    artifactDir: path.join(options.evidenceDir, gate.id),
    progress: (message) => options.onEvent?.({ kind: 'gate-progress', gate, message }),
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new GateTimeoutError(gate.id, timeoutMs));
    }, timeoutMs);
  });
  try {
    // Parsed once, here: the gate gets typed settings, and the runner alone decides "not configured".
    const parsed = gateSettings(gate, options.config);
    if ('notConfigured' in parsed) return { nothingToCheck: parsed.notConfigured };
    // Gates run the project's code (drills, contracts): its process.exit or async throw is this gate's error.
    const raw = await guardUserCode(() => Promise.race([gate.run(ctx, parsed.settings), timeout]), { what: 'user code' });
    const nothingToCheck = notRunReason(raw);
    if (nothingToCheck !== undefined) return { nothingToCheck };
    // The committed baseline (docs/baseline.md): known findings are accepted, new ones fail, fixed ones ask to tighten it.
    const outcome = options.baseline === false ? raw : await applyCommittedBaseline(raw, { config: options.config, gateId: gate.id, mode });
    return finishOutcome(outcome, gate.rules, performance.now() - started);
  } catch (error) {
    controller.abort(error);
    // A missing optional peer is a setup problem (exit 2, naming the package), not a verdict on the code.
    if (error instanceof MissingPeerError) throw error;
    const message = boundMessage(
      error instanceof GateTimeoutError
        ? error.message
        : error instanceof MalformedOutcomeError
          ? `gate '${gate.id}' ${error.message}`
          : `gate '${gate.id}' crashed: ${describeError(error)}`,
    );
    return {
      ...emptyResult('error', message),
      findings: [packRules.finding('gate-error', 'error', message)],
      durationMs: performance.now() - started,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** What a gate must return; anything else (a finding with an unknown severity, say) would be judged by guesswork. */
const GateOutcomeSchema = z.object({
  findings: z.array(FindingSchema),
  metrics: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  artifacts: z.array(z.string()).optional(),
  rules: z.array(RuleDescriptorSchema).optional(),
  baseline: BaselineDeltaSchema.optional(),
  nothingToCheck: z.string().min(1).optional(),
});

class MalformedOutcomeError extends Error {}

/**
 * The reason a gate checked nothing, when it says so and has no finding; a gate
 * that says so but reports findings is judged as usual, so none is lost.
 */
function notRunReason(raw: GateOutcome | undefined): string | undefined {
  if (typeof raw?.nothingToCheck !== 'string' || raw.nothingToCheck === '') return undefined;
  return Array.isArray(raw.findings) && raw.findings.length === 0 ? raw.nothingToCheck : undefined;
}

function finishOutcome(raw: GateOutcome, rules: readonly RuleDescriptor[], durationMs: number): GateResult {
  // Fail closed on a malformed result too: an unknown severity must not count as "not an error".
  const parsed = GateOutcomeSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MalformedOutcomeError(
      `returned a malformed result (${issue ? `${formatPath(issue.path) || 'result'}: ${issue.message}` : 'invalid'})`,
    );
  }
  const outcome = parsed.data;
  // Bounded at this one choke point, whatever the gate quoted (docs: output limits).
  const findings = outcome.findings.map((finding) => ({ ...finding, message: boundMessage(finding.message) })).sort(compareFindings);
  const failed = findings.some((finding) => finding.severity === 'error');
  return {
    status: failed ? 'fail' : 'pass',
    findings,
    metrics: outcome.metrics ?? {},
    artifacts: [...(outcome.artifacts ?? [])].sort(),
    rules: [...(outcome.rules ?? rules)].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    durationMs,
    ...(outcome.baseline ? { baseline: outcome.baseline } : {}),
  };
}

function emptyResult(status: GateStatus, reason: string | undefined): GateResult {
  const bounded = reason ? { reason: boundMessage(reason) } : {};
  return { status, findings: [], metrics: {}, artifacts: [], rules: [], durationMs: 0, ...bounded };
}

function gateTimeout(config: ResolvedConfig, id: string): number {
  const specific = (config.gates as Record<string, { timeoutMs?: number } | number | undefined>)[id];
  return typeof specific === 'object' && specific.timeoutMs ? specific.timeoutMs : config.gates.timeoutMs;
}

class GateTimeoutError extends Error {
  constructor(id: string, ms: number) {
    super(`gate '${id}' timed out after ${ms} ms (raise gates.${id}.timeoutMs or gates.timeoutMs if the project is large)`);
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}

function configPath(config: ResolvedConfig): string {
  return config.configFile ? (toProjectPath(config.root, config.configFile) ?? config.configFile) : '';
}

/** The line of the config file that names the deferred gate, so the finding points at it. */
function deferralLine(config: ResolvedConfig, gateId: string): number {
  return lineMatching(readLines(config.configFile), new RegExp(`gate['"]?\\s*:\\s*['"]${escapeRegExp(gateId)}['"]`));
}
