import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { ShadowGateSchema, UserConfigSchema } from '../../config/schema.js';
import { readEvidenceFile } from '../../gates/shared/recorded-evidence/read-evidence.js';
import { builtinGates } from '../../gates/runner/registry.js';
import { shadowGate } from '../../gates/shadow/gate.js';
import { renderRolloutContract } from '../../gates/shadow/render-rollout-contract.js';
import type { EvidenceEvent } from '../../runtime/index.js';
import { HOC_APP } from '../helpers/paths.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import { runGateAlone } from '../../gates/runner/gate-contract.js';

const { temp } = projectsRemovedAfterAll();

const sample = (
  outcome: 'match' | 'mismatch' | 'candidate-error' | 'candidate-timeout' | 'skipped' | 'served',
  operationId = 'orders.price',
  kind: 'shadow' | 'canary' = 'shadow',
): EvidenceEvent =>
  outcome === 'mismatch'
    ? { kind, operationId, outcome, diff: { paths: ['total', 'items[0].price'], truncated: false } }
    : { kind, operationId, outcome };
const times = (count: number, event: EvidenceEvent) => Array.from({ length: count }, () => event);
const jsonl = (events: readonly EvidenceEvent[]) => events.map((event) => `${JSON.stringify(event)}\n`).join('');

async function runShadow(files: Record<string, string>, gate: Record<string, unknown>) {
  const project = temp(HOC_APP);
  for (const [file, text] of Object.entries(files)) project.write(file, text);
  const config = await loadConfig({ cwd: project.root });
  config.gates.shadow = ShadowGateSchema.parse(gate);
  const artifactDir = path.join(project.root, '.plumbline/evidence/shadow');
  const outcome = await runGateAlone(shadowGate, { config, signal: new AbortController().signal, artifactDir, progress: () => undefined });
  const read = (name: string) => readFileSync(path.join(artifactDir, name), 'utf8');
  return { outcome, read };
}

describe('shadow gate', () => {
  it('runs after the invariants gate', () => {
    const ids = builtinGates.map((gate) => gate.id);
    expect(ids.indexOf('shadow')).toBe(ids.indexOf('invariants') + 1);
  });

  it('passes evidence within the thresholds and reports each operation', async () => {
    const events = [
      ...times(99, sample('match')),
      sample('mismatch'),
      ...times(50, sample('match', 'orders.refund', 'canary')),
      ...times(50, sample('served', 'orders.refund', 'canary')),
    ];
    const { outcome, read } = await runShadow(
      { 'evidence/a.jsonl': jsonl(events) },
      { evidence: ['evidence/a.jsonl'], minSamples: 100, maxMismatchRate: 0.01, maxErrorRate: 0 },
    );
    expect(outcome.findings).toEqual([]);
    expect(outcome.metrics).toMatchObject({ operations: 2, samples: 200, mismatches: 1 });
    const report = JSON.parse(read('comparability.json')) as { operations: Array<Record<string, unknown>> };
    expect(
      report.operations.map((entry) => [entry['operationId'], entry['samples'], entry['mismatchRate'], entry['topDifferingPaths']]),
    ).toEqual([
      [
        'orders.price',
        100,
        0.01,
        [
          { path: 'items[0].price', mismatches: 1 },
          { path: 'total', mismatches: 1 },
        ],
      ],
      ['orders.refund', 100, 0, []],
    ]);
    expect(read('comparability.md')).toContain('| orders.price | 100 | 100 | 0 | 1 | 1.00% |');
  });

  it('fails on mismatch and error rates above the thresholds, too few samples, rollbacks, and warns about skipped calls', async () => {
    const events = [
      ...times(80, sample('match')),
      ...times(20, sample('mismatch')),
      ...times(3, sample('candidate-error')),
      ...times(2, sample('candidate-timeout')),
      sample('skipped'),
      {
        kind: 'canary-rollback',
        operationId: 'orders.price',
        trigger: 'mismatchRate',
        rate: 0.2,
        threshold: 0.05,
        samples: 100,
      } as EvidenceEvent,
    ];
    const { outcome } = await runShadow(
      { 'evidence/a.jsonl': jsonl(events) },
      {
        evidence: ['evidence/a.jsonl'],
        minSamples: 100,
        maxMismatchRate: 0.05,
        maxErrorRate: 0.01,
        operations: ['orders.price', 'orders.refund'],
      },
    );
    expect(outcome.findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      [
        'shadow/mismatch-rate',
        'error',
        "operation 'orders.price': the candidate differs from current in 20 of 100 compared samples (20.00% > 5.00%); top differing paths: items[0].price (20), total (20)",
      ],
      [
        'shadow/error-rate',
        'error',
        "operation 'orders.price': the candidate threw 3 and timed out 2 time(s) in 105 samples (4.76% > 1.00%)",
      ],
      [
        'shadow/canary-rolled-back',
        'error',
        "operation 'orders.price': the canary rolled back on mismatchRate 20.00% > 5.00% after 100 samples",
      ],
      ['shadow/skipped-samples', 'warning', "operation 'orders.price': 1 call(s) could not be compared (see the skipped events' messages)"],
      ['shadow/too-few-samples', 'error', "operation 'orders.refund' has 0 shadow/canary sample(s); at least 100 are needed for a verdict"],
    ]);
  });

  it('fails closed on a missing, empty, corrupt or cut evidence file, naming the line', async () => {
    const good = jsonl(times(200, sample('match')));
    const cases: Array<[string, string | undefined, string, number]> = [
      ['missing', undefined, 'the evidence file does not exist', 0],
      ['empty', '', 'the evidence file holds no events', 0],
      ['not JSON', `${good}{oops\n`, 'line 201 is not JSON', 201],
      [
        'not an event',
        `${good}{"kind":"shadow","operationId":"orders.price","outcome":"maybe"}\n`,
        'line 201 is not an evidence event (outcome: ',
        201,
      ],
      ['cut', `${good}{"kind":"shadow","operationId":"orders.price","outcome":"match"}`, 'line 201 is not terminated', 201],
    ];
    for (const [name, text, message, line] of cases) {
      const files: Record<string, string> = { 'evidence/ok.jsonl': good };
      if (text !== undefined) files['evidence/bad.jsonl'] = text;
      const { outcome } = await runShadow(files, { evidence: ['evidence/ok.jsonl', 'evidence/bad.jsonl'], minSamples: 10 });
      expect(outcome.findings, name).toHaveLength(1);
      expect(outcome.findings[0], name).toMatchObject({
        ruleId: 'shadow/evidence-unusable',
        severity: 'error',
        file: 'evidence/bad.jsonl',
        line,
      });
      expect(outcome.findings[0]?.message, name).toContain(message);
    }
  });

  it('fails closed when the recording command fails or records nothing', async () => {
    const failing = await runShadow({}, { command: [process.execPath, '-e', 'process.exit(2)'] });
    expect(failing.outcome.findings.map((f) => f.message)).toEqual([
      'the recording command exited with code 2, so its evidence proves nothing. Output (end):\n',
    ]);
    const silent = await runShadow({}, { command: [process.execPath, '-e', 'process.exitCode = 0'] });
    expect(silent.outcome.findings[0]?.message).toContain(
      'the recording command passed but left no usable evidence: the evidence file does not exist',
    );
  });

  it('has nothing to check (not run, not a pass on evidence) when gates.shadow is not configured', async () => {
    const project = temp(HOC_APP);
    const config = await loadConfig({ cwd: project.root });
    delete config.gates.shadow;
    const outcome = await runGateAlone(shadowGate, {
      config,
      signal: new AbortController().signal,
      artifactDir: path.join(project.root, '.x'),
      progress: () => undefined,
    });
    expect(outcome.findings).toEqual([]);
    expect(outcome.nothingToCheck).toMatch(/^not configured: gates.shadow is not set/);
  });

  it('renders the staged-rollout contract from the config alone', () => {
    const settings = ShadowGateSchema.parse({
      evidence: ['e.jsonl'],
      minSamples: 500,
      maxMismatchRate: 0.002,
      rollout: [
        { operation: 'orders.refund', stages: [10, 100], rollbackWhen: { errorRate: 0.01, minSamples: 50, window: 200 } },
        {
          operation: 'orders.price',
          stages: [1, 5, 50, 100],
          rollbackWhen: { mismatchRate: 0.001, errorRate: 0.005, minSamples: 100, window: 1000 },
        },
      ],
    });
    const contract = renderRolloutContract(settings, 'plumbline.config.ts');
    expect(contract).toContain('- at least **500** samples were recorded,');
    expect(contract).toContain('- at most **0.2%** of compared samples differ from current,');
    expect(contract).toContain(
      '| `orders.price` | 1% → 5% → 50% → 100% | mismatch rate > 0.1% or error rate > 0.5% | 100 samples | 1000 samples |',
    );
    expect(contract.indexOf('orders.price')).toBeLessThan(contract.indexOf('orders.refund'));
    expect(renderRolloutContract(settings, 'plumbline.config.ts')).toBe(contract);
  });

  it('rejects a config without evidence, with both sources, or with a bad rollout, naming the field', () => {
    const problems = (shadow: unknown) => {
      const parsed = UserConfigSchema.safeParse({ gates: { shadow } });
      return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    };
    expect(problems({})).toEqual([
      'gates.shadow: the shadow gate needs evidence: set command (a run that records it) or evidence (files to read)',
    ]);
    expect(problems({ command: ['vitest'], evidence: ['a.jsonl'] })).toEqual(['gates.shadow.evidence: set command or evidence, not both']);
    expect(
      problems({
        evidence: ['a'],
        rollout: [{ operation: 'orders.price', stages: [50, 10], rollbackWhen: { minSamples: 10, window: 5 } }],
      }),
    ).toEqual([
      'gates.shadow.rollout.0.stages: stages must increase',
      'gates.shadow.rollout.0.rollbackWhen: needs mismatchRate or errorRate',
      'gates.shadow.rollout.0.rollbackWhen: minSamples must not exceed window',
    ]);
    expect(problems({ evidence: ['a'], maxMismatchRate: 2 })).toEqual(['gates.shadow.maxMismatchRate: a rate is a fraction in [0, 1]']);
  });

  it('reads an evidence file written by the runtime sinks', () => {
    expect(readEvidenceFile(path.join(temp().root, 'none.jsonl'))).toEqual({ ok: false, problem: 'the evidence file does not exist' });
  });
});
