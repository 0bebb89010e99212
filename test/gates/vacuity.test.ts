import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/resolve.js';
import { checkDataQuality } from '../../gates/data-quality/check-data-quality.js';
import { vacuityFindings } from '../../gates/static/vacuous-checks.js';
import { dataProject, gateContext } from '../helpers/data-gates.js';

// No gate passes vacuously (docs/baseline.md): checks that look at nothing are reported, errors in strict mode.
describe('vacuity: a configured check that checks nothing', () => {
  const config = resolveConfig(
    { include: ['src/**/*.ts'], layers: { api: { paths: ['src/api/**'], mayImport: ['core'] }, core: { paths: ['src/core/**'] } } },
    { cwd: '/project' },
  );

  it('reports a layer whose globs match no file, by mode; a layer with files is not reported', () => {
    const files = ['/project/src/api/route.ts'];
    expect(vacuityFindings(config, files, 'strict').map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['plumbline/empty-layer error']);
    expect(vacuityFindings(config, files, 'monitor').map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['plumbline/empty-layer warning']);
    expect(vacuityFindings(config, files, 'strict')[0]?.message).toContain("layer 'core' (src/core/**) matches no source file");
    expect(vacuityFindings(config, [...files, '/project/src/core/rules.ts'], 'strict')).toEqual([]);
  });

  it('reports include globs that match no file once, instead of one finding per layer', () => {
    const findings = vacuityFindings(config, [], 'strict');
    expect(findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['plumbline/nothing-checked error']);
    expect(findings[0]?.message).toBe('include (src/**/*.ts) matches no source file: the static gate checked nothing');
  });

  it('data quality: contracts whose tables hold no expectation fail in strict mode and warn in monitor mode', async () => {
    const contract = 'tables:\n  customers:\n    columns:\n      id: { type: integer, primaryKey: true }\n';
    const project = dataProject({ 'contract.yaml': contract }, { db: 'sqlite:app.sqlite', contracts: ['contract.yaml'] });
    try {
      const db = new Database(path.join(project.root, 'app.sqlite'));
      db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY); INSERT INTO customers VALUES (1);');
      db.close();
      const strict = await checkDataQuality({ ...gateContext(project.config), mode: 'strict' });
      expect(strict.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['data-quality/nothing-checked error']);
      expect(strict.findings[0]?.message).toBe('the data contracts (1 table(s)) hold no expectation: nothing was checked');
      const monitor = await checkDataQuality({ ...gateContext(project.config), mode: 'monitor' });
      expect(monitor.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['data-quality/nothing-checked warning']);
    } finally {
      project.remove();
    }
  });
});
