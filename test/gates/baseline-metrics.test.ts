import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBaselineFile } from '../../core/baseline/baseline-file.js';
import { judgeMetric, tightenMetric } from '../../core/baseline/numeric-ratchet.js';
import type { Finding, GateOutcome } from '../../core/contracts.js';
import { resolveConfig } from '../../config/resolve.js';
import { applyCommittedBaseline } from '../../gates/shared/baseline/apply-baseline.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const { temp } = projectsRemovedAfterAll();

describe('the numeric ratchet', () => {
  it('judges lower-is-better and higher-is-better numbers, with a tolerance', () => {
    expect(judgeMetric(3, 3, 'lower')).toEqual({ verdict: 'same', change: 0 });
    expect(judgeMetric(4, 3, 'lower').verdict).toBe('worse');
    expect(judgeMetric(2, 3, 'lower').verdict).toBe('better');
    expect(judgeMetric(80, 85, 'higher', 5).verdict).toBe('same');
    expect(judgeMetric(79.99, 85, 'higher', 5)).toEqual({ verdict: 'worse', change: -5.01 });
    expect(judgeMetric(90, 85, 'higher', 5).verdict).toBe('better');
    expect(tightenMetric(2, 3, 'lower')).toBe(2);
    expect(tightenMetric(4, 3, 'lower')).toBe(3);
    expect(tightenMetric(90, 85, 'higher')).toBe(90);
  });
});

describe('the committed baseline on numbers (data-quality failure count)', () => {
  const failure = (column: string): Finding => ({
    ruleId: 'data-quality/null-rate',
    severity: 'error',
    message: `${column} has NULLs`,
    file: 'db/contract.yaml',
    line: 3,
    column: 1,
  });
  const outcome = (failed: number): GateOutcome => ({
    findings: Array.from({ length: failed }, (_, index) => failure(`orders.c${index}`)),
    metrics: { failedExpectations: failed, queries: 9 },
  });

  function project(allowed: number) {
    const root = temp().root;
    writeBaselineFile(path.join(root, '.plumbline/baseline.json'), {
      schemaVersion: 1,
      findings: [],
      metrics: { 'data-quality': { failedExpectations: { value: allowed, better: 'lower' } } },
    });
    return resolveConfig({ layers: { core: { paths: ['src/**'] } } }, { cwd: root });
  }
  const apply = (allowed: number, failed: number, mode: 'strict' | 'monitor' = 'strict') =>
    applyCommittedBaseline(outcome(failed), { config: project(allowed), gateId: 'data-quality', mode });

  it('within the allowance: the counted failures are known warnings, nothing fails', async () => {
    const result = await apply(2, 2);
    expect(result.findings.map((finding) => [finding.severity, finding.baselineState])).toEqual([
      ['warning', 'unchanged'],
      ['warning', 'unchanged'],
    ]);
    expect(result.metrics?.['baseline.failedExpectations.allowed']).toBe(2);
  });

  it('worse than allowed: a regression error, and the failures stay errors marked new', async () => {
    const result = await apply(2, 3);
    expect(result.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.ruleId)).toEqual([
      'data-quality/null-rate',
      'data-quality/null-rate',
      'data-quality/null-rate',
      'plumbline/baseline-metric-regressed',
    ]);
    expect(result.findings.at(-1)?.message).toBe(
      'data-quality.failedExpectations is 3, worse than the 2 the baseline allows (lower is better)',
    );
    expect(result.findings.at(-1)).toMatchObject({ file: '.plumbline/baseline.json', line: 5 });
  });

  it('better than allowed: tighten it (an error in strict mode, a note in monitor mode)', async () => {
    expect((await apply(2, 1)).findings.at(-1)).toMatchObject({ ruleId: 'plumbline/baseline-metric-improved', severity: 'error' });
    expect((await apply(2, 1, 'monitor')).findings.at(-1)).toMatchObject({
      ruleId: 'plumbline/baseline-metric-improved',
      severity: 'note',
    });
  });

  it('a held number the gate did not measure is stale; one the ratchet does not track is invalid', async () => {
    const config = project(2);
    const stale = await applyCommittedBaseline(
      { findings: [], metrics: { configured: false } },
      { config, gateId: 'data-quality', mode: 'strict' },
    );
    expect(stale.findings.map((finding) => finding.ruleId)).toEqual(['plumbline/baseline-stale']);
    const root = temp().root;
    writeBaselineFile(path.join(root, '.plumbline/baseline.json'), {
      schemaVersion: 1,
      findings: [],
      metrics: { replay: { cases: { value: 3, better: 'higher' } } },
    });
    const odd = await applyCommittedBaseline(
      { findings: [], metrics: { cases: 3 } },
      { config: resolveConfig({ layers: { core: { paths: ['src/**'] } } }, { cwd: root }), gateId: 'replay', mode: 'strict' },
    );
    expect(odd.findings[0]?.message).toContain('the baseline holds replay.cases, which the ratchet does not track');
  });

  it('gates without a baseline role, and projects without a baseline file, are left as they are', async () => {
    const config = project(2);
    const same = outcome(3);
    expect(await applyCommittedBaseline(same, { config, gateId: 'shadow', mode: 'strict' })).toBe(same);
    const bare = resolveConfig({ layers: { core: { paths: ['src/**'] } } }, { cwd: temp().root });
    expect(await applyCommittedBaseline(same, { config: bare, gateId: 'data-quality', mode: 'strict' })).toBe(same);
  });
});
