import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import { drillsGate } from '../../gates/drills/gate.js';
import { applyBehaviourDefect, listBehaviourDefects, readBehaviourExpected } from '../helpers/behaviour-defects.js';
import { HOC_APP } from '../helpers/paths.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import { runGateAlone } from '../../gates/runner/gate-contract.js';

const { keep, temp } = projectsRemovedAfterAll();

function runGate(config: ResolvedConfig) {
  const artifactDir = path.join(config.root, '.plumbline/evidence/drills');
  return runGateAlone(drillsGate, { config, signal: new AbortController().signal, artifactDir, progress: () => undefined });
}

function withDrills(config: ResolvedConfig, files: string[]): ResolvedConfig {
  return { ...config, gates: { ...config.gates, drills: { files } } };
}

const key = (f: { ruleId: string; file: string; line: number; severity: string }) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`;

describe('drills gate on hoc-app', () => {
  it('passes, and generates the same failure-injection matrix on every run', async () => {
    const project = keep(temp(HOC_APP));
    const config = await loadConfig({ cwd: project.root });
    const first = await runGate(config);
    expect(first.findings).toEqual([]);
    expect(first.metrics).toEqual({ files: 1, drills: 5, unsafe: 0 });
    expect(first.artifacts).toEqual([
      '.plumbline/evidence/drills/failure-injection-matrix.json',
      '.plumbline/evidence/drills/failure-injection-matrix.md',
    ]);
    const read = () => first.artifacts?.map((file) => readFileSync(path.join(project.root, file), 'utf8'));
    const before = read();
    await runGate(config);
    expect(read()).toEqual(before);
    const matrix = JSON.parse(before?.[0] ?? '{}') as { drills: Array<{ id: string; expected: string; observed: string; safe: boolean }> };
    expect(matrix.drills.map((row) => [row.id, row.expected, row.safe])).toEqual([
      ['live-evaluation.backend-down', 'deny', true],
      ['metric-feed.connection-lost-once', 'retry, then succeed', true],
      ['metric-feed.latency', 'safe fallback null', true],
      ['metric-feed.timeout', 'safe fallback null', true],
      ['policies.insert-partial-write', 'satisfies the drill predicate', true],
    ]);
    expect(before?.[1]).toContain(
      '| `metric-feed.timeout` (test/drills/policies.drill.ts) | timeout after 5 ms on every call of latest() | safe fallback null | returned null | yes |',
    );
  });
});

describe('drills gate: seeded defects in fixtures/defects-drills', () => {
  const defects = listBehaviourDefects('drills');
  it('has the driver whose timeout leaks', () => {
    expect(defects).toEqual(['metric-feed-timeout-leaks']);
  });

  it.each(defects)('%s gives exactly its expected findings', async (name) => {
    const expected = readBehaviourExpected('drills', name);
    const project = keep(applyBehaviourDefect('drills', name));
    const outcome = await runGate(await loadConfig({ cwd: project.root }));
    expect(outcome.findings.map(key).sort()).toEqual(expected.findings.map(key).sort());
    for (const want of expected.findings) {
      const got = outcome.findings.find((f) => key(f) === key(want));
      for (const text of want.messageIncludes) expect(got?.message).toContain(text);
    }
    const markdown = readFileSync(path.join(project.root, '.plumbline/evidence/drills/failure-injection-matrix.md'), 'utf8');
    expect(markdown).toContain('| **NO** |');
  });
});

describe('drills gate: fails closed', () => {
  it('has nothing to check without a configuration (not run, not passed), and fails when the globs match nothing', async () => {
    const config = await loadConfig({ cwd: HOC_APP });
    const unconfigured = await runGate({ ...config, gates: { ...config.gates, drills: undefined } });
    expect(unconfigured).toMatchObject({
      findings: [],
      nothingToCheck: 'not configured: gates.drills.files is not set, so no drill was run',
    });
    const none = await runGate(withDrills(config, ['test/drills/*.nothing.ts']));
    expect(none.findings).toMatchObject([{ ruleId: 'drills/no-files', severity: 'error' }]);
  });

  it('reports a file that does not load, a file without drills and a duplicate id', async () => {
    const project = keep(temp(HOC_APP));
    project.write('test/drills/broken.drill.ts', "import { nothing } from './missing-module.js';\nexport const x = nothing;\n");
    project.write('test/drills/empty.drill.ts', 'export const answer = 42;\n');
    project.write(
      'test/drills/twice.drill.ts',
      [
        "import { defineDrill } from '@plumbline-kit/plumbline/testing';",
        'const base = { driver: () => ({ read: () => 1 }), operation: (d: { read(): number }) => { try { return d.read(); } catch { return 0; } }, fault: [{ method: "read", when: { always: true as const }, fault: { kind: "connection-lost" as const } }], expect: { fallback: 0 } };',
        "export const again = defineDrill({ ...base, id: 'metric-feed.timeout' });",
        '',
      ].join('\n'),
    );
    const config = await loadConfig({ cwd: project.root });
    const outcome = await runGate(config);
    expect(outcome.findings.map(key).sort()).toEqual([
      'drills/duplicate-id error test/drills/twice.drill.ts:3',
      'drills/load-failed error test/drills/broken.drill.ts:0',
      'drills/no-drills error test/drills/empty.drill.ts:0',
    ]);
    expect(outcome.findings.find((f) => f.ruleId === 'drills/duplicate-id')?.message).toContain(
      'already used in test/drills/policies.drill.ts',
    );
  });

  it('errors when @plumbline-kit/plumbline/testing cannot be found from the project', async () => {
    const bare = temp();
    bare.write('package.json', '{}');
    bare.write('a.drill.ts', 'export {};\n');
    const config = withDrills(await loadConfig({ cwd: HOC_APP }), ['a.drill.ts']);
    await expect(runGate({ ...config, root: bare.root, tsconfig: undefined })).rejects.toThrow(/plumbline\/testing cannot be loaded/);
  });
});
