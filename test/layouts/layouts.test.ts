import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../core/contracts.js';
import {
  applyLayoutDefect,
  checkFindings,
  copyCleanProject,
  findingKey,
  fitnessGateFindings,
  listFamilies,
  listLayoutDefects,
  readKnownFalsePositives,
  readLayoutDefect,
} from '../helpers/layouts.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const { keep } = projectsRemovedAfterAll();
const uniqueKeys = (findings: readonly Finding[]) => [...new Set(findings.map(findingKey))].sort();

describe.each(listFamilies())('layout %s', (family) => {
  const knownFalsePositives = readKnownFalsePositives(family);
  const falseKeys = new Set(knownFalsePositives.map(findingKey));
  let clean: { root: string };
  beforeAll(() => {
    clean = keep(copyCleanProject(family));
  });

  // Known false positives are listed one by one with why they are false: a fixed default makes this test fail
  // until the entry is removed, and any other finding on the clean project fails it too.
  it('the clean project with its hand-written config: plumbline check reports nothing but the known false positives', async () => {
    const keys = uniqueKeys(await checkFindings(clean.root));
    expect(keys.filter((key) => !falseKeys.has(key))).toEqual([]);
  });

  it('the clean project: gate --only static,architecture reports exactly the known false positives', async () => {
    const { findings, statuses } = await fitnessGateFindings(clean.root);
    expect(uniqueKeys(findings)).toEqual([...falseKeys].sort());
    expect(Object.values(statuses)).not.toContain('error');
    if (falseKeys.size === 0) expect(statuses).toEqual({ static: 'pass', architecture: 'pass' });
  });

  const defects = listLayoutDefects(family);
  it('has at least 5 seeded defects', () => {
    expect(defects.length).toBeGreaterThanOrEqual(5);
  });

  // Findings of dependency-cruiser's layer rules at a file:line layer-boundaries reports too: there must be none.
  const layerEdgesReportedTwice: string[] = [];

  const found = defects.filter((name) => readLayoutDefect(family, name).missedToday === undefined);
  const missed = defects.filter((name) => !found.includes(name));

  it.each(found)('defect %s is found at its file:line, and nothing else is', (name) => expectDefectFound(name));

  // Defects today's defaults miss (each says why in missedToday): these fail until the defaults find them.
  if (missed.length > 0) it.fails.each(missed)('defect %s (missed today) is found at its file:line', (name) => expectDefectFound(name));

  async function expectDefectFound(name: string) {
    const expected = readLayoutDefect(family, name);
    const project = keep(applyLayoutDefect(family, name));
    const { findings } = await fitnessGateFindings(project.root);
    const layerEdges = new Set(findings.filter((f) => f.ruleId === 'plumbline/layer-boundaries').map((f) => `${f.file}:${f.line}`));
    const twice = findings.filter((f) => f.ruleId.startsWith('depcruise/layer-') && layerEdges.has(`${f.file}:${f.line}`));
    layerEdgesReportedTwice.push(...twice.map(findingKey));
    const reported = findings.filter((finding) => !falseKeys.has(findingKey(finding)) && !twice.includes(finding));
    expect(uniqueKeys(reported)).toEqual(expected.findings.map(findingKey).sort());
    for (const want of expected.findings) {
      const got = reported.filter((finding) => findingKey(finding) === findingKey(want));
      expect(got.length, `${findingKey(want)}: one defect, one finding`).toBe(1);
      if (want.messageIncludes) expect(got[0]?.message).toContain(want.messageIncludes);
    }
  }

  // DESIGN.md: one defect, one finding. The layer policy reports a forbidden layer import once, from layer-boundaries.
  it('reports each forbidden layer import once, not from layer-boundaries and dependency-cruiser both', () => {
    expect(layerEdgesReportedTwice).toEqual([]);
  });
});
