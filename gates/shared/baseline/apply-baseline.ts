import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { baselineSettings, entryLine, readBaselineFile, type Baseline, type BaselineEntry } from '../../../core/baseline/baseline-file.js';
import { judgeMetric } from '../../../core/baseline/numeric-ratchet.js';
import type { BaselineCounts, BaselineDelta, Finding, GateOutcome, RuleDescriptor, Severity } from '../../../core/contracts.js';
import { getProjectMatcher, toProjectPath } from '../../../config/project-paths.js';
import type { ResolvedConfig } from '../../../config/resolve.js';
import type { Mode } from '../../../config/schema.js';
import { FINDING_BASELINE_GATES, METRIC_RATCHETS } from './metric-ratchets.js';
import { shippedDocsUrl } from '../../../core/docs-link.js';
import { atLine, ruleCatalog } from '../../../core/rule-catalog.js';
import { lineMatching, splitLines } from '../../../core/text-lines.js';

export const BASELINE_DOCS_URL = shippedDocsUrl('baseline.md');

/** Each explained in the baseline docs: the two file rules under their full ids, the number rules under "Numbers". */
const baselineRules = ruleCatalog('plumbline', BASELINE_DOCS_URL, {
  'baseline-invalid': {
    description: 'The baseline file is not JSON, does not follow its schema, or names a number the ratchet does not hold.',
    section: 'plumbline-baseline-invalid',
  },
  'baseline-stale': {
    description: 'A baseline entry for a file that no longer exists, or for a number the gate no longer measures.',
    section: 'plumbline-baseline-stale',
  },
  'baseline-metric-regressed': { description: 'A number the ratchet holds got worse than the baseline allows.', section: 'numbers' },
  'baseline-metric-improved': { description: 'A number the ratchet holds got better: tighten the baseline.', section: 'numbers' },
});

type BaselineRuleName = Parameters<typeof baselineRules.finding>[0];

export const BASELINE_RULE_DESCRIPTORS: RuleDescriptor[] = baselineRules.descriptors();

export interface BaselineScope {
  config: ResolvedConfig;
  gateId: string;
  mode: Mode;
  /** Project paths that were checked; absent: every source file (a whole run). */
  files?: ReadonlySet<string>;
  /** Rules that check the whole project whatever `files` says (the analyzers): their entries are always in scope. */
  wholeProjectRules?: ReadonlySet<string>;
}

/** Whether a gate's outcome can be changed by the baseline at all. */
export function isBaselined(gateId: string): boolean {
  return FINDING_BASELINE_GATES.includes(gateId) || METRIC_RATCHETS.some((ratchet) => ratchet.gate === gateId);
}

/**
 * Applies the committed baseline to a gate's outcome: known findings become
 * warnings marked `unchanged`, new ones keep their severity and are marked
 * `new`, fixed ones are reported `absent` (an error in strict mode, so the
 * baseline must be tightened), and entries for deleted files are stale. Without
 * a baseline file the outcome is returned as it is; a corrupt one is an error.
 */
export async function applyCommittedBaseline(outcome: GateOutcome, scope: BaselineScope): Promise<GateOutcome> {
  if (!isBaselined(scope.gateId)) return outcome;
  const { config } = scope;
  const file = baselineSettings(config).file;
  const shown = toProjectPath(config.root, file) ?? file;
  const read = readBaselineFile(file);
  if (read.kind === 'missing') return outcome;
  const rules = [...(outcome.rules ?? []), ...BASELINE_RULE_DESCRIPTORS];
  if (read.kind === 'corrupt') {
    const message = `the baseline ${shown} cannot be used (${read.reason}): fix it, or rewrite it with \`plumbline baseline --force\``;
    return { ...outcome, rules, findings: [...outcome.findings, finding('baseline-invalid', 'error', message, shown, 0)] };
  }
  const strict = scope.mode === 'strict';
  let findings = outcome.findings;
  const metrics = { ...(outcome.metrics ?? {}) };
  let delta: BaselineDelta | undefined;
  if (FINDING_BASELINE_GATES.includes(scope.gateId)) {
    const applied = await applyFindingBaseline(outcome, read.baseline, read.text, scope, shown, strict);
    findings = applied.findings;
    delta = applied.delta;
    Object.assign(metrics, {
      'baseline.new': delta.totals.new,
      'baseline.known': delta.totals.known,
      'baseline.fixed': delta.totals.fixed,
    });
  }
  findings = applyMetricRatchets(findings, metrics, read.baseline, read.text, scope, shown, strict);
  return { ...outcome, findings, metrics, rules, ...(delta ? { baseline: delta } : {}) };
}

async function applyFindingBaseline(
  outcome: GateOutcome,
  baseline: Baseline,
  text: string,
  scope: BaselineScope,
  shown: string,
  strict: boolean,
): Promise<{ findings: Finding[]; delta: BaselineDelta }> {
  // Loaded here: identities parse sources with TypeScript, which a run without a baseline never needs.
  const { createIdentifier } = await import('../../../core/baseline/finding-identity.js');
  const { matchFindings } = await import('../../../core/baseline/finding-ratchet.js');
  const { config } = scope;
  const checkedRules = new Set([...(outcome.rules ?? []).map((rule) => rule.id), ...outcome.findings.map((item) => item.ruleId)]);
  const inScope = (entry: BaselineEntry) =>
    checkedRules.has(entry.rule) &&
    (scope.files === undefined || entry.file === '' || scope.files.has(entry.file) || scope.wholeProjectRules?.has(entry.rule) === true);
  const match = matchFindings(outcome.findings, baseline.findings, createIdentifier(sourceReader(config.root)), inScope);

  const counts = { totals: zero(), byRule: new Map<string, BaselineCounts>(), byLayer: new Map<string, BaselineCounts>() };
  const matcher = getProjectMatcher(config);
  const layerOf = (projectPath: string) =>
    projectPath ? (matcher.layerOf(path.join(config.root, projectPath))?.name ?? '(none)') : '(none)';
  const count = (rule: string, projectPath: string, key: keyof BaselineCounts, n: number) => {
    counts.totals[key] += n;
    for (const [map, slice] of [
      [counts.byRule, rule],
      [counts.byLayer, layerOf(projectPath)],
    ] as const) {
      const entry = map.get(slice) ?? zero();
      entry[key] += n;
      map.set(slice, entry);
    }
  };

  const findings: Finding[] = match.matched.map(({ finding: item, state }) => {
    count(item.ruleId, item.file, state === 'unchanged' ? 'known' : 'new', 1);
    return state === 'unchanged' ? known(item, 'accepted by the baseline') : { ...item, baselineState: 'new' as const };
  });
  for (const { entry, fixed } of match.fixed) {
    count(entry.rule, entry.file, 'fixed', fixed);
    const where = entry.symbol || 'module level';
    if (entry.file !== '' && !existsSync(path.join(config.root, entry.file))) {
      findings.push({
        ...finding(
          'baseline-stale',
          strict ? 'error' : 'warning',
          `stale baseline entry: ${entry.file} no longer exists, yet the baseline accepts ${entry.count} ${entry.rule} finding(s) in it; prune it with \`plumbline baseline --prune\``,
          shown,
          entryLine(text, entry),
        ),
        baselineState: 'absent',
      });
      continue;
    }
    findings.push({
      ruleId: entry.rule,
      severity: strict ? 'error' : 'note',
      message: `fixed: ${fixed} of the ${entry.count} finding(s) the baseline accepts here (${where}: \`${entry.code}\`) are gone; tighten the baseline with \`plumbline baseline --prune\``,
      file: entry.file,
      line: 0,
      column: 0,
      baselineState: 'absent',
    });
  }
  const sortedRecord = (map: Map<string, BaselineCounts>) =>
    Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    findings,
    delta: { file: shown, totals: counts.totals, byRule: sortedRecord(counts.byRule), byLayer: sortedRecord(counts.byLayer) },
  };
}

/** The numbers of this gate that the baseline holds: worse fails, within accepts the findings they count, better asks to tighten. */
function applyMetricRatchets(
  findings: Finding[],
  metrics: Record<string, number | string | boolean>,
  baseline: Baseline,
  text: string,
  scope: BaselineScope,
  shown: string,
  strict: boolean,
): Finding[] {
  const held = baseline.metrics[scope.gateId];
  if (!held) return findings;
  const result = [...findings];
  for (const [name, allowed] of Object.entries(held).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const line = metricLine(text, scope.gateId, name);
    const ratchet = METRIC_RATCHETS.find((item) => item.gate === scope.gateId && item.metric === name);
    if (!ratchet) {
      const tracked = METRIC_RATCHETS.map((item) => `${item.gate}.${item.metric}`).join(', ');
      result.push(
        finding(
          'baseline-invalid',
          'error',
          `the baseline holds ${scope.gateId}.${name}, which the ratchet does not track (it tracks ${tracked})`,
          shown,
          line,
        ),
      );
      continue;
    }
    const current = metrics[name];
    if (typeof current !== 'number') {
      result.push(
        finding(
          'baseline-stale',
          strict ? 'error' : 'warning',
          `the baseline holds ${scope.gateId}.${name} = ${allowed.value}, but this run did not measure it (is the gate configured?); prune it with \`plumbline baseline --prune\``,
          shown,
          line,
        ),
      );
      continue;
    }
    const judgement = judgeMetric(current, allowed.value, ratchet.better);
    metrics[`baseline.${name}.allowed`] = allowed.value;
    const counted = new Set(ratchet.counts);
    if (judgement.verdict === 'worse') {
      result.push(
        finding(
          'baseline-metric-regressed',
          'error',
          `${scope.gateId}.${name} is ${current}, worse than the ${allowed.value} the baseline allows (${ratchet.better} is better)`,
          shown,
          line,
        ),
      );
      result.forEach((item, index) => {
        if (counted.has(item.ruleId)) result[index] = { ...item, baselineState: 'new' };
      });
      continue;
    }
    result.forEach((item, index) => {
      if (counted.has(item.ruleId) && item.baselineState === undefined)
        result[index] = known(item, `within the baseline's ${scope.gateId}.${name} ≤ ${allowed.value}`);
    });
    if (judgement.verdict === 'better') {
      result.push(
        finding(
          'baseline-metric-improved',
          strict ? 'error' : 'note',
          `${scope.gateId}.${name} improved to ${current} (the baseline allows ${allowed.value}); tighten the baseline with \`plumbline baseline --prune\``,
          shown,
          line,
        ),
      );
    }
  }
  return result;
}

function known(item: Finding, why: string): Finding {
  return {
    ...item,
    severity: item.severity === 'error' ? 'warning' : item.severity,
    message: `${item.message} [known: ${why}]`,
    baselineState: 'unchanged',
  };
}

function finding(name: BaselineRuleName, severity: Severity, message: string, file: string, line: number): Finding {
  return baselineRules.finding(name, severity, message, atLine(file, line));
}

function zero(): BaselineCounts {
  return { new: 0, known: 0, fixed: 0 };
}

/** The line of a held number in the baseline text (its gate's line if the number's is not found), 0 if neither. */
function metricLine(text: string, gateId: string, name: string): number {
  const lines = splitLines(text);
  const keyed = (key: string) => (line: string) => line.trim().startsWith(`${JSON.stringify(key)}:`);
  const gateLine = lineMatching(lines, keyed(gateId));
  if (gateLine === 0) return 0;
  return lineMatching(lines, keyed(name), gateLine) || gateLine;
}

function sourceReader(root: string): (projectPath: string) => string | undefined {
  return (projectPath) => {
    try {
      return readFileSync(path.join(root, projectPath), 'utf8');
    } catch {
      return undefined;
    }
  };
}
