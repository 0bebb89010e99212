import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { invariantsGate } from '../../gates/invariants/gate.js';
import { shadowGate } from '../../gates/shadow/gate.js';
import { applyRuntimeDefect, listRuntimeDefects, readRuntimeExpected } from '../helpers/runtime-defects.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import { runGateAlone } from '../../gates/runner/gate-contract.js';

const { keep } = projectsRemovedAfterAll();
const gates = { invariants: invariantsGate, shadow: shadowGate };

describe('seeded runtime defects in fixtures/defects-runtime (invariants and shadow gates)', () => {
  const defects = listRuntimeDefects();
  it('covers an untested invariant, a mismatching candidate and unusable evidence', () => {
    const expectations = defects.map((name) => readRuntimeExpected(name));
    expect(expectations.some((e) => e.findings.some((f) => f.ruleId === 'invariants/never-violated'))).toBe(true);
    expect(expectations.some((e) => e.findings.some((f) => f.ruleId === 'shadow/mismatch-rate'))).toBe(true);
    expect(
      expectations.filter((e) => e.findings.some((f) => /recording-failed|evidence-unusable/.test(f.ruleId))).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it.each(defects)(
    '%s gives exactly its expected findings',
    async (name) => {
      const expected = readRuntimeExpected(name);
      const project = keep(applyRuntimeDefect(name));
      const config = await loadConfig({ cwd: project.root });
      const artifactDir = path.join(project.root, '.plumbline/evidence', expected.gate);
      const outcome = await runGateAlone(gates[expected.gate], {
        config,
        signal: new AbortController().signal,
        artifactDir,
        progress: () => undefined,
      });
      const key = (f: { ruleId: string; file: string; line: number; severity: string }) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`;
      expect(outcome.findings.map(key).sort()).toEqual(expected.findings.map(key).sort());
      for (const want of expected.findings) {
        const got = outcome.findings.find((f) => key(f) === key(want));
        if (want.messageIncludes) expect(got?.message).toContain(want.messageIncludes);
        expect(got?.docsUrl).toMatch(new RegExp(`docs/${expected.gate}-gate\\.md#`));
      }
      // Every failing run still leaves its report behind.
      for (const artifact of outcome.artifacts ?? [])
        expect(readFileSync(path.join(project.root, artifact), 'utf8').length).toBeGreaterThan(0);
      // The invariants overlays run the app's whole test suite in a child process.
    },
    300_000,
  );
});
