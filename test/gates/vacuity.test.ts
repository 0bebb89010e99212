import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/resolve.js';
import { dataQualityGate } from '../../gates/data-quality/gate.js';
import { vacuityFindings } from '../../gates/static/vacuous-checks.js';
import { dataProject, gateContext } from '../helpers/data-gates.js';
import { runGateAlone } from '../../gates/runner/gate-contract.js';

// No gate passes vacuously (docs/baseline.md): checks that look at nothing are reported, errors in strict mode.
describe('vacuity: a configured check that checks nothing', () => {
  const config = resolveConfig(
    { include: ['src/**/*.ts'], layers: { api: { paths: ['src/api/**'], mayImport: ['core'] }, core: { paths: ['src/core/**'] } } },
    { cwd: '/project' },
  );

  it('reports a layer whose globs match no file, by mode; a layer with files is not reported', () => {
    const files = ['/project/src/api/route.ts'];
    const layerFindings = (mode: 'strict' | 'monitor', all = files) =>
      vacuityFindings(config, all, mode).filter((f) => f.ruleId !== 'plumbline/no-pure-layer');
    expect(layerFindings('strict').map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['plumbline/empty-layer error']);
    expect(layerFindings('monitor').map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['plumbline/empty-layer warning']);
    expect(layerFindings('strict')[0]?.message).toContain("layer 'core' (src/core/**) matches no source file");
    expect(layerFindings('strict', [...files, '/project/src/core/rules.ts'])).toEqual([]);
  });

  it('warns, in every mode, that engine-purity checks nothing when no layer is pure and the config does not say so', () => {
    const files = ['/project/src/api/route.ts', '/project/src/core/rules.ts'];
    const pureless = vacuityFindings(config, files, 'strict');
    expect(pureless.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['plumbline/no-pure-layer warning']);
    expect(pureless[0]?.message).toContain('engine-purity checks nothing: no layer is pure');
    const said = (extra: object) =>
      resolveConfig(
        { include: ['src/**/*.ts'], layers: { api: { paths: ['src/api/**'] }, core: { paths: ['src/core/**'], ...extra } } },
        { cwd: '/project' },
      );
    expect(vacuityFindings(said({ pure: true }), files, 'strict')).toEqual([]);
    expect(vacuityFindings(said({ pure: false }), files, 'strict')).toEqual([]);
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
      const strict = await runGateAlone(dataQualityGate, { ...gateContext(project.config), mode: 'strict' });
      expect(strict.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['data-quality/nothing-checked error']);
      expect(strict.findings[0]?.message).toBe('the data contracts (1 table(s)) hold no expectation: nothing was checked');
      const monitor = await runGateAlone(dataQualityGate, { ...gateContext(project.config), mode: 'monitor' });
      expect(monitor.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['data-quality/nothing-checked warning']);
    } finally {
      project.remove();
    }
  });
});
