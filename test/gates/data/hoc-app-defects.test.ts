import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/load.js';
import { applyDataDefect, DATA_DEFECTS, listDataDefects, readDataExpected } from '../../helpers/data-defects.js';
import { dataQualityFindings, schemaDriftFindings } from '../../helpers/data-gates.js';
import { HOC_APP } from '../../helpers/paths.js';

async function findings(root: string) {
  const config = await loadConfig({ cwd: root });
  return [...(await schemaDriftFindings(config)), ...(await dataQualityFindings(config))];
}

const key = (f: { ruleId: string; severity: string; file: string; line: number }) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`;
const removals: Array<() => void> = [];
afterAll(() => removals.splice(0).forEach((remove) => remove()));

describe('data gates on fixtures/hoc-app and its seeded data defects', () => {
  it('the clean app database (built by db/seed.ts) has no finding in either gate', async () => {
    expect(await findings(HOC_APP)).toEqual([]);
  });

  const defects = listDataDefects();
  it('there is an overlay for each kind of drift and each expectation', () => {
    const rules = new Set(defects.flatMap((name) => readDataExpected(name).findings.map((f) => f.ruleId)));
    for (const rule of [
      'missing-table',
      'extra-table',
      'missing-column',
      'extra-column',
      'type',
      'nullability',
      'default',
      'primary-key',
      'unique',
      'index',
      'foreign-key',
    ]) {
      expect(rules).toContain(`schema-drift/${rule}`);
    }
    for (const rule of [
      'null-rate',
      'unique',
      'distinct',
      'accepted-values',
      'range',
      'row-count',
      'orphans',
      'custom-sql',
      'drift',
      'snapshot',
    ]) {
      expect(rules).toContain(`data-quality/${rule}`);
    }
  });

  it.each(defects)('%s gives exactly its expected findings', async (name) => {
    const expected = readDataExpected(name);
    const project = applyDataDefect(name);
    removals.push(() => project.remove());
    const got = await findings(project.root);
    if (process.env.PLUMBLINE_WRITE_EXPECTED === '1') {
      const written = got.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        file: f.file,
        line: f.line,
        messageIncludes: f.message.slice(0, 90),
      }));
      writeFileSync(
        path.join(DATA_DEFECTS, name, 'expected.json'),
        `${JSON.stringify({ description: expected.description, findings: written }, null, 2)}\n`,
      );
    }
    expect(got.map(key).sort()).toEqual(expected.findings.map(key).sort());
    for (const want of expected.findings) {
      const found = got.find((f) => key(f) === key(want) && (!want.messageIncludes || f.message.includes(want.messageIncludes)));
      expect(found, `${key(want)} with '${want.messageIncludes}'`).toBeDefined();
    }
  });
});
