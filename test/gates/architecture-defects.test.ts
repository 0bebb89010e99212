import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { architectureGate } from '../../gates/architecture/gate.js';
import { lintWithRules, listSourceFiles } from '../../gates/static/lint.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import { applyGraphDefect, listGraphDefects, readGraphExpected } from '../helpers/graph-defects.js';

const { keep } = projectsRemovedAfterAll();

describe('seeded graph defects in fixtures/defects-graph (architecture gate)', () => {
  const defects = listGraphDefects();
  it('there are at least 4 graph defect overlays', () => {
    expect(defects.length).toBeGreaterThanOrEqual(4);
  });

  it.each(defects)('%s gives exactly its expected findings, and the static rules none', async (name) => {
    const expected = readGraphExpected(name);
    const project = keep(applyGraphDefect(name));
    const config = await loadConfig({ cwd: project.root });
    const outcome = await architectureGate.run({
      config,
      signal: new AbortController().signal,
      artifactDir: path.join(project.root, '.plumbline/evidence/architecture'),
      progress: () => undefined,
    });
    const key = (f: { ruleId: string; file: string; line: number; severity: string }) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`;
    expect(outcome.findings.map(key).sort()).toEqual(expected.findings.map(key).sort());
    for (const want of expected.findings) {
      const got = outcome.findings.find((f) => key(f) === key(want));
      if (want.messageIncludes) expect(got?.message).toContain(want.messageIncludes);
      expect(got?.docsUrl).toMatch(/docs\/architecture-gate\.md#/);
    }
    // The point of these overlays: graph facts that no per-file rule sees.
    const { findings: staticFindings } = await lintWithRules(config, await listSourceFiles(config));
    expect(staticFindings).toEqual([]);
  });
});
