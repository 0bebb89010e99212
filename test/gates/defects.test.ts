import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import path from 'node:path';
import { runGatePack } from '../../gates/runner/run-pack.js';
import { staticGate } from '../../gates/static/gate.js';
import { listSourceFiles } from '../../config/source-files.js';
import { lintWithRules } from '../../gates/static/lint.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import { listDefects, readExpected } from '../helpers/defects.js';
import { HOC_APP } from '../helpers/paths.js';

async function staticFindings(root: string) {
  const config = await loadConfig({ cwd: root });
  const { findings } = await lintWithRules(config, await listSourceFiles(config));
  return findings;
}

/** The static gate as the pack runs it: rules, vacuity checks and the committed baseline. */
async function staticGateFindings(root: string) {
  const config = await loadConfig({ cwd: root });
  const pack = await runGatePack({ config, gates: [staticGate], evidenceDir: path.join(root, '.plumbline/evidence') });
  return pack.gates[0]?.findings ?? [];
}

const { defect } = projectsRemovedAfterAll();

describe('seeded defects in fixtures/hoc-app', () => {
  it('the clean app has no finding', async () => {
    expect(await staticFindings(HOC_APP)).toEqual([]);
  });

  const defects = listDefects();
  it('there are at least 6 defect overlays', () => {
    expect(defects.length).toBeGreaterThanOrEqual(6);
  });

  it.each(defects)('%s gives exactly its expected findings', async (name) => {
    const expected = readExpected(name);
    const project = defect(name);
    const findings = expected.run === 'static-gate' ? await staticGateFindings(project.root) : await staticFindings(project.root);
    const key = (f: { ruleId: string; file: string; line: number }) => `${f.ruleId} ${f.file}:${f.line}`;
    expect(findings.map(key).sort()).toEqual(expected.findings.map(key).sort());
    for (const want of expected.findings) {
      const got = findings.find((f) => key(f) === key(want));
      if (want.messageIncludes) expect(got?.message).toContain(want.messageIncludes);
      expect(got?.severity).toBe('error');
      expect(got?.docsUrl).toMatch(expected.run === 'static-gate' ? /docs\/(rules\/.+|baseline)\.md(#.*)?$/ : /docs\/rules\/.+\.md$/);
    }
  });
});
