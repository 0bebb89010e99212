import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeclaredCheck } from '../../analyzers/index.js';
import { loadConfig } from '../../config/load.js';
import { InvariantsGateSchema } from '../../config/schema.js';
import { tallyCoverage } from '../../gates/invariants/check-coverage.js';
import { invariantsGate } from '../../gates/invariants/gate.js';
import { coverageFindings } from '../../gates/invariants/invariant-findings.js';
import { builtinGates } from '../../gates/runner/registry.js';
import type { CheckEvent } from '../../runtime/index.js';
import { HOC_APP } from '../helpers/paths.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import { runGateAlone } from '../../gates/runner/gate-contract.js';

const { temp } = projectsRemovedAfterAll();

const check = (kind: DeclaredCheck['kind'], checkId: string, critical: boolean | null = true): DeclaredCheck => ({
  operationId: 'orders.place',
  critical,
  kind,
  checkId,
  file: 'src/orders/place.ts',
  line: 10,
  column: 5,
});
const event = (
  checkId: string,
  kind: CheckEvent['kind'],
  outcome: CheckEvent['outcome'],
  mode: CheckEvent['mode'] = 'enforce',
  test = 't1',
): CheckEvent => ({
  operationId: 'orders.place',
  checkId,
  kind,
  outcome,
  mode,
  labels: { test, testFile: 'test/orders.test.ts' },
});
const settings = (forbiddenStates: 'critical' | 'all' | 'off' = 'critical') => InvariantsGateSchema.parse({ forbiddenStates });
const rulesOf = (findings: Array<{ ruleId: string; message: string }>) => findings.map((finding) => finding.ruleId);

describe('invariant coverage', () => {
  it('asks for a positive and a negative test of every invariant', () => {
    const declared = [
      check('invariant', 'INV-both'),
      check('invariant', 'INV-held-only'),
      check('invariant', 'INV-violated-only'),
      check('invariant', 'INV-never'),
    ];
    const tally = tallyCoverage(declared, [
      event('INV-both', 'invariant', 'held'),
      event('INV-both', 'invariant', 'violated', 'monitor', 't2'),
      event('INV-held-only', 'invariant', 'held'),
      event('INV-violated-only', 'invariant', 'violated'),
    ]);
    const findings = coverageFindings(tally, settings(), []);
    expect(findings.map((f) => [f.ruleId, f.message.split(' was ')[0], f.file, f.line])).toEqual([
      ['invariants/never-violated', "invariant 'INV-held-only' of operation 'orders.place'", 'src/orders/place.ts', 10],
      ['invariants/never-held', "invariant 'INV-violated-only' of operation 'orders.place'", 'src/orders/place.ts', 10],
      ['invariants/never-held', "invariant 'INV-never' of operation 'orders.place'", 'src/orders/place.ts', 10],
      ['invariants/never-violated', "invariant 'INV-never' of operation 'orders.place'", 'src/orders/place.ts', 10],
    ]);
    const both = tally.checks.find((coverage) => coverage.check.checkId === 'INV-both');
    expect(both).toMatchObject({ held: 1, rejected: 0, recorded: 1 });
    expect(both?.tests).toEqual([
      { name: 't1', file: 'test/orders.test.ts', held: 1, violated: 0 },
      { name: 't2', file: 'test/orders.test.ts', held: 0, violated: 1 },
    ]);
  });

  it('asks that each forbidden state of a critical operation be attempted and rejected, in enforce mode', () => {
    const declared = [
      check('forbidden', 'F-rejected'),
      check('forbidden', 'F-monitor'),
      check('forbidden', 'F-avoided'),
      check('forbidden', 'F-minor', false),
    ];
    const events = [
      event('F-rejected', 'forbidden', 'violated'),
      event('F-monitor', 'forbidden', 'violated', 'monitor'),
      event('F-avoided', 'forbidden', 'held'),
      event('F-minor', 'forbidden', 'held'),
    ];
    const critical = coverageFindings(tallyCoverage(declared, events), settings('critical'), []);
    expect(critical.map((f) => f.message)).toEqual([
      "forbidden state 'F-monitor' of operation 'orders.place' was never attempted and rejected: it was reached 1 time(s) in monitor mode, which records but never rejects: enforce it",
      "forbidden state 'F-avoided' of operation 'orders.place' was never attempted and rejected: no test attempted it (it was seen avoided 1 time(s)): add a test whose handler reaches it and expect ForbiddenStateError",
    ]);
    expect(rulesOf(coverageFindings(tallyCoverage(declared, events), settings('all'), []))).toHaveLength(3);
    expect(coverageFindings(tallyCoverage(declared, events), settings('off'), [])).toEqual([]);
  });

  it('warns about predicate errors, undeclared checks, unlabelled evidence and unreadable declarations', () => {
    const declared = [check('invariant', 'INV-1')];
    const tally = tallyCoverage(declared, [
      event('INV-1', 'invariant', 'held'),
      event('INV-1', 'invariant', 'violated'),
      { ...event('INV-1', 'predicate-error', 'violated'), checkKind: 'invariant', message: 'TypeError: boom' },
      event('INV-ghost', 'invariant', 'held'),
      { operationId: 'orders.place', checkId: 'INV-1', kind: 'invariant', outcome: 'held', mode: 'enforce' },
      event('PRE-1', 'pre', 'held'),
    ]);
    expect(tally.checkEvents).toBe(6);
    const findings = coverageFindings(tally, settings(), [
      { kind: 'invariant', reason: 'its id is not a string literal (`ids.x`)', file: 'src/a.ts', line: 3, column: 4 },
    ]);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['invariants/predicate-error', 'warning'],
      ['invariants/unreadable-check', 'warning'],
      ['invariants/undeclared-check', 'warning'],
      ['invariants/unlabelled-evidence', 'warning'],
    ]);
  });
});

describe('invariants gate', () => {
  it('runs after the architecture gate', () => {
    const ids = builtinGates.map((gate) => gate.id);
    expect(ids.indexOf('invariants')).toBe(ids.indexOf('architecture') + 1);
  });

  async function runWith(command: string[], signal = new AbortController().signal) {
    const project = temp(HOC_APP);
    const config = await loadConfig({ cwd: project.root });
    config.gates.invariants = InvariantsGateSchema.parse({ command });
    const artifactDir = path.join(project.root, '.plumbline/evidence/invariants');
    return { outcome: await runGateAlone(invariantsGate, { config, signal, artifactDir, progress: () => undefined }), artifactDir };
  }

  const node = (script: string) => [process.execPath, '-e', script];

  it('fails closed when the test command fails, and shows the end of its output', async () => {
    const { outcome } = await runWith(node("console.error('2 tests failed'); process.exit(3)"));
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]).toMatchObject({ ruleId: 'invariants/recording-failed', severity: 'error', file: '', line: 0 });
    expect(outcome.findings[0]?.message).toMatch(
      /^the test run exited with code 3, so its evidence proves nothing\. Output \(end\):\n2 tests failed$/,
    );
  });

  it('fails closed when the run leaves no evidence file, or a corrupt one', async () => {
    const missing = await runWith(node('process.exitCode = 0'));
    expect(missing.outcome.findings.map((f) => f.message)).toEqual([
      'the test run passed but left no usable evidence: the evidence file does not exist. The registry the tests use must record to recordingSink() from @plumbline-kit/plumbline/testing',
    ]);
    const corrupt = await runWith(
      node('require(\'fs\').writeFileSync(process.env.PLUMBLINE_EVIDENCE_FILE, \'{"operationId":"a.b","checkId":"X"}\\n\')'),
    );
    expect(corrupt.outcome.findings).toHaveLength(1);
    expect(corrupt.outcome.findings[0]?.message).toMatch(/left no usable evidence: line 1 is not an evidence event \(kind: /);
    const empty = await runWith(node("require('fs').writeFileSync(process.env.PLUMBLINE_EVIDENCE_FILE, '')"));
    expect(empty.outcome.findings[0]?.message).toContain('the evidence file holds no events');
    // The report is still written, with every declared check at zero.
    const report = JSON.parse(readFileSync(path.join(empty.artifactDir, 'invariant-coverage.json'), 'utf8')) as {
      checks: Array<{ held: number }>;
    };
    expect(report.checks.length).toBeGreaterThan(0);
    expect(report.checks.every((entry) => entry.held === 0)).toBe(true);
  });

  it('kills the test run when the gate is aborted', async () => {
    const controller = new AbortController();
    const run = runWith(node('setInterval(() => {}, 1000)'), controller.signal);
    setTimeout(() => controller.abort(new Error('gate timed out')), 3000);
    // The child never exits by itself: only the abort can end the run.
    await expect(run).rejects.toThrow('gate timed out');
  });
});
