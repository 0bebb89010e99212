import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYZER_RULES } from '../../analyzers/rules.js';
import { loadConfig } from '../../config/load.js';
import type { Finding } from '../../core/contracts.js';
import { architectureGate } from '../../gates/architecture/gate.js';
import { listSourceFiles } from '../../config/source-files.js';
import { lintWithRules } from '../../gates/static/lint.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import {
  applyArchitectureDefect,
  listArchitectureDefects,
  readArchitectureExpected,
  type ExpectedArchitectureFinding,
} from '../helpers/architecture-defects.js';
import { runGateAlone } from '../../gates/runner/gate-contract.js';

const { keep } = projectsRemovedAfterAll();
const key = (f: Pick<Finding, 'ruleId' | 'file' | 'line' | 'severity'>) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`;

function expectExactly(got: readonly Finding[], want: readonly ExpectedArchitectureFinding[]) {
  expect(got.map(key).sort()).toEqual(want.map(key).sort());
  for (const expected of want) {
    const found = got.find((f) => key(f) === key(expected));
    if (expected.messageIncludes) expect(found?.message).toContain(expected.messageIncludes);
  }
}

/** The analyzers' findings are ruled by these ids (the rest are dependency-cruiser's, the static rules', or skips). */
const analyzerIds = Object.keys(ANALYZER_RULES).filter((name) => name !== 'analyzer-skipped-file');

describe('seeded defects in fixtures/defects-architecture (architecture gate)', () => {
  const defects = listArchitectureDefects();
  const expectations = defects.map((name) => readArchitectureExpected(name));

  it('every analyzer has at least 3 overlays, dependency-cruiser at least 4', () => {
    const ruleIds = expectations.flatMap((expected) => expected.findings.map((finding) => finding.ruleId));
    const overlaysOf = (predicate: (ruleId: string) => boolean) =>
      expectations.filter((expected) => expected.findings.some((finding) => predicate(finding.ruleId))).length;
    expect(overlaysOf((id) => id.startsWith('depcruise/'))).toBeGreaterThanOrEqual(4);
    expect(overlaysOf((id) => id === 'plumbline/transaction-reached-indirectly')).toBeGreaterThanOrEqual(3);
    expect(overlaysOf((id) => /^plumbline\/operation-/.test(id))).toBeGreaterThanOrEqual(3);
    expect(overlaysOf((id) => id === 'plumbline/spec-incomplete' || id === 'plumbline/invariant-duplicate-id')).toBeGreaterThanOrEqual(3);
    expect(ruleIds.every((id) => id.startsWith('depcruise/') || analyzerIds.includes(id.slice('plumbline/'.length)))).toBe(true);
  });

  it.each(defects)('%s gives exactly its expected findings in the architecture gate and in the static rules', async (name) => {
    const expected = readArchitectureExpected(name);
    const project = keep(applyArchitectureDefect(name));
    const config = await loadConfig({ cwd: project.root });
    const outcome = await runGateAlone(architectureGate, {
      config,
      signal: new AbortController().signal,
      artifactDir: path.join(project.root, '.plumbline/evidence/architecture'),
      progress: () => undefined,
    });
    expectExactly(outcome.findings, expected.findings);
    for (const finding of outcome.findings) {
      expect(finding.docsUrl).toMatch(finding.ruleId.startsWith('depcruise/') ? /docs\/architecture-gate\.md#/ : /docs\/analyzers\.md#/);
    }
    const { findings: staticFindings } = await lintWithRules(config, await listSourceFiles(config));
    expectExactly(staticFindings, expected.static);
  });
});
