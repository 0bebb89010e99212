import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { resolveConfig } from '../../config/resolve.js';
import { incidentsGate } from '../../gates/incidents/gate.js';
import { listBehaviourDefects, overlayChecker } from '../helpers/behaviour-defects.js';
import { HOC_APP } from '../helpers/paths.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import { recordFindings, type GuardrailIndex } from '../../gates/incidents/incident-findings.js';
import { parseIncidentRecord, renderIncidentRecord, type IncidentRecord } from '../../gates/incidents/incident-record.js';
import { findTestTitles, matchesTestName, type TestTitle } from '../../gates/incidents/test-titles.js';
import { runGateAlone } from '../../gates/runner/gate-contract.js';

const RECORD = [
  '---', //                                       1
  'incident_id: INC-1', //                         2
  'title: Deny lost to a higher-priority allow', // 3
  'date: 2026-02-11', //                           4
  'owner: policies', //                            5
  'status: resolved', //                           6
  'invariants:', //                                7
  '  - INV-POL-001', //                            8
  '  - INV-POL-002', //                            9
  'tests:', //                                     10
  '  - file: test/policy.test.ts', //              11
  '    name: conflicts > deny wins', //            12
  '---', //                                        13
  '',
  '# INC-1',
].join('\n');

function parsed(text: string, file = 'incidents/INC-1.md'): IncidentRecord {
  const result = parseIncidentRecord(file, text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.record;
}

function problems(text: string) {
  const result = parseIncidentRecord('incidents/INC-1.md', text);
  return result.ok ? [] : result.problems.map((problem) => `${problem.line}: ${problem.message}`);
}

describe('incident record front matter', () => {
  it('reads the fields and knows the file line of each', () => {
    const record = parsed(RECORD);
    expect(record.front).toEqual({
      incident_id: 'INC-1',
      title: 'Deny lost to a higher-priority allow',
      date: '2026-02-11',
      owner: 'policies',
      status: 'resolved',
      invariants: ['INV-POL-001', 'INV-POL-002'],
      tests: [{ file: 'test/policy.test.ts', name: 'conflicts > deny wins' }],
    });
    expect(record.lineOf(['owner'])).toBe(5);
    expect(record.lineOf(['invariants', 1])).toBe(9);
    expect(record.lineOf(['tests', 0, 'file'])).toBe(11);
    expect(record.lineOf(['tests', 0, 'name'])).toBe(12);
    // An absent field points at the opening ---.
    expect(record.lineOf(['nothing'])).toBe(1);
  });

  it('reports bad front matter at file:line instead of throwing', () => {
    expect(problems('# no front matter\n')).toEqual(['1: an incident record starts with YAML front matter between two --- lines']);
    expect(problems('---\nincident_id: INC-1\n')).toEqual(['1: the front matter is not closed by a --- line']);
    expect(problems(RECORD.replace('owner: policies', 'owner: [policies'))[0]).toMatch(/^\d+: invalid YAML front matter: /);
    expect(problems(RECORD.replace('date: 2026-02-11', 'date: 2026-02-30'))).toEqual([
      '4: invalid front matter at date: not a real calendar date',
    ]);
    expect(problems(RECORD.replace('status: resolved', 'status: done'))).toEqual([
      expect.stringMatching(/^6: invalid front matter at status: /),
    ]);
    expect(problems(RECORD.replace('owner: policies\n', 'owner: policies\nseverity: high\n'))).toEqual([
      expect.stringMatching(/^6: invalid front matter at severity: /),
    ]);
    expect(problems(RECORD.replace('title: Deny lost to a higher-priority allow\n', ''))).toEqual([
      expect.stringMatching(/^1: invalid front matter at title: /),
    ]);
    expect(problems(RECORD.replace('    name: conflicts > deny wins', '    name: ""'))).toEqual([
      expect.stringMatching(/^12: invalid front matter at tests\.0\.name: /),
    ]);
    expect(problems('---\n---\n')).toEqual(expect.arrayContaining([expect.stringMatching(/^1: invalid front matter at incident_id: /)]));
  });

  it('scaffolds a record that reads back to the same fields', () => {
    const front = parsed(RECORD).front;
    const text = renderIncidentRecord(front);
    expect(parsed(text).front).toEqual(front);
    expect(text).toContain('# INC-1: Deny lost to a higher-priority allow');
  });
});

describe('incidents.dir and docs.dir', () => {
  it('must name folders inside the project', () => {
    expect(() => resolveConfig({ preset: 'hoc', incidents: { dir: '../elsewhere' }, docs: { dir: '/tmp/docs' } })).toThrow(
      /incidents\.dir: a folder inside the project root[\s\S]*docs\.dir: a folder inside the project root/,
    );
    expect(resolveConfig({ preset: 'hoc', incidents: { dir: 'ops/incidents' }, docs: { dir: 'docs/assurance' } }).incidents).toEqual({
      dir: 'ops/incidents',
    });
  });
});

describe('test titles read from a test file', () => {
  const source = `
    import { describe, it, test } from 'vitest';
    describe('policy conflicts', () => {
      it('lets deny win', () => {});
      describe.each([1, 2])('with %s policies', () => {
        test.only(\`keeps order\`, () => {});
      });
      it.each([[1]])('handles case %s', () => {});
      it(titleFromElsewhere, () => {});
      expect(describe).toBeDefined();
    });
    test('top level', () => {});
  `;
  const titles = findTestTitles('x.test.ts', source);

  it('finds nested describe paths, modifiers and .each, and skips titles built at run time', () => {
    expect(titles.map((title) => title.path)).toEqual([
      'policy conflicts',
      'policy conflicts > lets deny win',
      'policy conflicts > with %s policies',
      'policy conflicts > with %s policies > keeps order',
      'policy conflicts > handles case %s',
      'top level',
    ]);
    expect(titles.find((title) => title.title === 'lets deny win')?.line).toBe(4);
  });

  it('matches a name by its whole path or by the title alone, never by a fragment', () => {
    expect(matchesTestName(titles, 'policy conflicts > lets deny win')).toBe(true);
    expect(matchesTestName(titles, 'lets deny win')).toBe(true);
    expect(matchesTestName(titles, 'policy conflicts')).toBe(true);
    expect(matchesTestName(titles, 'lets deny')).toBe(false);
    expect(matchesTestName(titles, 'other > lets deny win')).toBe(false);
  });
});

describe('incident findings against the project', () => {
  const index: GuardrailIndex = {
    root: '/project',
    invariants: new Set(['INV-POL-001', 'INV-POL-002']),
    domains: ['controls', 'policies'],
  };
  const titles: Record<string, TestTitle[]> = {
    'test/policy.test.ts': [{ path: 'conflicts > deny wins', title: 'deny wins', line: 3 }],
  };
  const titlesOf = (file: string) => titles[file];
  const findings = (text: string, file = 'incidents/INC-1.md') =>
    recordFindings(parsed(text, file), index, titlesOf).map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`);

  it('passes a record whose invariants, tests and owner exist', () => {
    expect(findings(RECORD)).toEqual([]);
  });

  it('fails each broken link at the line of the field', () => {
    expect(findings(RECORD.replace('owner: policies', 'owner: billing'))).toEqual(['incidents/unknown-owner incidents/INC-1.md:5']);
    expect(findings(RECORD.replace('  - INV-POL-001\n  - INV-POL-002\n', '').replace('invariants:', 'invariants: []'))).toEqual([
      'incidents/no-invariant incidents/INC-1.md:7',
    ]);
    expect(findings(RECORD.replace('INV-POL-002', 'INV-POL-404'))).toEqual(['incidents/guardrail-removed incidents/INC-1.md:9']);
    expect(findings(RECORD.replace('INV-POL-002', 'INV-POL-404').replace('status: resolved', 'status: open'))).toEqual([
      'incidents/unknown-invariant incidents/INC-1.md:9',
    ]);
    expect(findings(RECORD.replace('test/policy.test.ts', 'test/gone.test.ts'))).toEqual([
      'incidents/missing-test-file incidents/INC-1.md:11',
    ]);
    expect(findings(RECORD.replace('conflicts > deny wins', 'conflicts > allow wins'))).toEqual([
      'incidents/missing-test-name incidents/INC-1.md:12',
    ]);
    expect(findings(RECORD, 'incidents/INC-2.md')).toEqual(['incidents/id-mismatch incidents/INC-2.md:2']);
  });

  it('names the known domains when the owner is unknown', () => {
    const [finding] = recordFindings(parsed(RECORD.replace('owner: policies', 'owner: billing')), index, titlesOf);
    expect(finding?.message).toBe("incident INC-1 is owned by 'billing', which is not a domain (known domains: controls, policies)");
    expect(finding?.severity).toBe('error');
  });
});

/**
 * The incidents gate on hoc-app and its seeded defects. One copy of hoc-app
 * serves every test in turn (each overlay is laid and undone), so the analyzers
 * parse it once and later runs read their cache.
 */
const { temp } = projectsRemovedAfterAll();
const project = temp(HOC_APP);

// The overlays change incidents and sources, never the config: load it once.
const config = await loadConfig({ cwd: project.root });

const { run, expectOverlay } = overlayChecker(project.root, config);

describe('incidents gate', () => {
  it('passes hoc-app, whose incidents name real invariants, tests and domains', async () => {
    const outcome = await run(incidentsGate);
    expect(outcome.findings).toEqual([]);
    expect(outcome.metrics).toEqual({ incidents: 4, open: 2, resolved: 2, invariantsLinked: 5, testsLinked: 5 });
  });

  const defects = listBehaviourDefects('incidents');
  it('has an overlay for each way an incident loses its guardrail', () => {
    expect(defects).toEqual([
      'guardrail-removed',
      'invalid-front-matter',
      'missing-test-file',
      'missing-test-name',
      'no-invariant',
      'unknown-invariant',
      'unknown-owner',
    ]);
  });

  it.each(defects)('%s gives exactly its expected findings', async (name) => {
    await expectOverlay(incidentsGate, 'incidents', name);
  });

  it('has nothing to check (not run, not passed) when there is no incident record yet', async () => {
    const outcome = await runGateAlone(incidentsGate, {
      config: { ...config, incidents: { dir: 'no-such-folder' } },
      signal: new AbortController().signal,
      artifactDir: path.join(project.root, '.plumbline/evidence/incidents'),
      progress: () => undefined,
    });
    expect(outcome).toMatchObject({
      findings: [],
      nothingToCheck: 'nothing to check: no-such-folder/ holds no incident record (add one with plumbline incident new)',
    });
  });
});
