import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBaselineFile, renderBaseline, writeBaselineFile, type Baseline } from '../../core/baseline/baseline-file.js';
import { createIdentifier } from '../../core/baseline/finding-identity.js';
import { entriesFor, pruneEntries } from '../../core/baseline/finding-ratchet.js';
import type { Finding } from '../../core/contracts.js';
import { loadConfig } from '../../config/load.js';
import type { Mode } from '../../config/schema.js';
import { checkFiles, withBaseline } from '../../cli/check-command.js';
import { architectureGate } from '../../gates/architecture/gate.js';
import { staticGate } from '../../gates/static/gate.js';
import { runGatePack, type GateRun } from '../../gates/runner/run-pack.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const LEGACY = path.join(REPO_ROOT, 'fixtures/baseline-legacy');
const { temp } = projectsRemovedAfterAll();

async function runStatic(root: string, options: { baseline?: boolean; mode?: Mode } = {}): Promise<GateRun> {
  const config = await loadConfig({ cwd: root });
  const pack = await runGatePack({ config, gates: [staticGate], evidenceDir: path.join(root, '.plumbline/evidence'), ...options });
  return pack.gates[0] as GateRun;
}

const reader = (root: string) => (file: string) => {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch {
    return undefined;
  }
};

/** `file | symbol | code`, the identity a reviewer reads in the baseline file. */
function label(root: string, findings: readonly Finding[]): string[] {
  const identify = createIdentifier(reader(root));
  return findings
    .map((finding) => {
      const id = identify(finding);
      return `${id.file} | ${id.symbol} | ${id.code}`;
    })
    .sort();
}

function sets(root: string, run: GateRun) {
  const own = run.findings.filter((finding) => !finding.ruleId.startsWith('plumbline/baseline-'));
  return {
    known: label(
      root,
      own.filter((finding) => finding.baselineState === 'unchanged'),
    ),
    new: label(
      root,
      own.filter((finding) => finding.baselineState === 'new'),
    ),
    fixed: own
      .filter((finding) => finding.baselineState === 'absent')
      .map((finding) => `${finding.file} | ${/accepts here \((.*)\) are gone/.exec(finding.message)?.[1] ?? finding.message}`)
      .sort(),
  };
}

/** A copy of the legacy fixture with its 20 findings baselined. */
async function baselined() {
  const project = temp(LEGACY);
  const raw = await runStatic(project.root, { baseline: false });
  expect(raw.findings).toHaveLength(20);
  const identify = createIdentifier(reader(project.root));
  writeBaselineFile(path.join(project.root, '.plumbline/baseline.json'), {
    schemaVersion: 1,
    findings: entriesFor(raw.findings.map(identify)),
    metrics: {},
  });
  return { project, all: label(project.root, raw.findings) };
}

function edit(root: string, file: string, change: (text: string) => string): void {
  const target = path.join(root, file);
  writeFileSync(target, change(readFileSync(target, 'utf8')));
}

describe('baseline ratchet on a legacy project with 20 violations', () => {
  it('identities: 19 entries (two identical env reads in one method share one entry with count 2), sorted, without lines', async () => {
    const { project } = await baselined();
    const text = readFileSync(path.join(project.root, '.plumbline/baseline.json'), 'utf8');
    const read = readBaselineFile(path.join(project.root, '.plumbline/baseline.json'));
    if (read.kind !== 'ok') throw new Error(read.kind);
    expect(read.baseline.findings).toHaveLength(19);
    expect(read.baseline.findings.find((entry) => entry.symbol === 'class TaxEngine > method exempt')).toMatchObject({
      count: 2,
      code: 'process.env',
    });
    expect(read.baseline.findings.map((entry) => entry.symbol)).toContain('variable pricingRules > method lottery');
    expect(text).not.toMatch(/"line"|"column"/);
    // Stable bytes: rendering what was read gives the same file.
    expect(renderBaseline(read.baseline)).toBe(text);
  });

  it('with the baseline unchanged, all 20 are known and the gate passes', async () => {
    const { project, all } = await baselined();
    const run = await runStatic(project.root);
    expect(sets(project.root, run)).toEqual({ known: all, new: [], fixed: [] });
    expect(run.status).toBe('pass');
    expect(run.baseline?.totals).toEqual({ new: 0, known: 20, fixed: 0 });
    expect(run.baseline?.byLayer).toEqual({ api: { new: 0, known: 4, fixed: 0 }, engines: { new: 0, known: 16, fixed: 0 } });
  });

  it('(a) moving a function within the file: nothing new, nothing fixed', async () => {
    const { project, all } = await baselined();
    edit(project.root, 'src/engines/pricing.ts', (text) => {
      const start = text.indexOf('export function surcharge');
      const end = text.indexOf('export function rounding');
      const moved = text.slice(start, end);
      return `${text.slice(0, start)}${text.slice(end)}\n${moved}`;
    });
    const run = await runStatic(project.root);
    expect(sets(project.root, run)).toEqual({ known: all, new: [], fixed: [] });
    expect(run.status).toBe('pass');
  });

  it('(b) editing unrelated lines: nothing new, nothing fixed', async () => {
    const { project, all } = await baselined();
    edit(
      project.root,
      'src/engines/pricing.ts',
      (text) =>
        `// Reviewed in the adoption sprint.\n\n${text.replace('amount * 0.9', 'amount * 0.85').replace('const now = Date.now();', 'const   now =   Date.now();  // spacing')}`,
    );
    edit(project.root, 'src/api/orders.ts', (text) => text.replace('return `${order.id} for', '\n\n  return `order ${order.id} for'));
    const run = await runStatic(project.root);
    expect(sets(project.root, run)).toEqual({ known: all, new: [], fixed: [] });
    expect(run.status).toBe('pass');
  });

  it('(c) adding one new violation: exactly that one is new and fails the gate', async () => {
    const { project, all } = await baselined();
    edit(project.root, 'src/engines/tax.ts', (text) =>
      text.replace(
        'const region = process.env.TAX_REGION;',
        'const region = process.env.TAX_REGION;\n    const started = performance.now();',
      ),
    );
    const run = await runStatic(project.root);
    expect(sets(project.root, run)).toEqual({
      known: all,
      new: ['src/engines/tax.ts | class TaxEngine > method apply | performance.now'],
      fixed: [],
    });
    expect(run.status).toBe('fail');
    expect(run.findings.filter((finding) => finding.severity === 'error')).toHaveLength(1);
  });

  it('a third identical read where the baseline accepts two is new (counts, not just keys)', async () => {
    const { project, all } = await baselined();
    edit(project.root, 'src/engines/tax.ts', (text) =>
      text.replace('    return amount;\n  }\n}', "    if (process.env.TAX_EXEMPT === 'all') return 0;\n    return amount;\n  }\n}"),
    );
    const run = await runStatic(project.root);
    expect(sets(project.root, run)).toEqual({
      known: all,
      new: ['src/engines/tax.ts | class TaxEngine > method exempt | process.env'],
      fixed: [],
    });
  });

  it('(d) fixing two: exactly those are fixed; strict fails until pruned, monitor notes them', async () => {
    const { project, all } = await baselined();
    edit(project.root, 'src/engines/pricing.ts', (text) =>
      text
        .replace('return Math.random() > 0.99 ? 0 : amount;', 'return amount;')
        .replace("if (process.env.DISCOUNT === 'on') return amount * 0.9;\n", ''),
    );
    const run = await runStatic(project.root);
    const fixed = [
      'src/engines/pricing.ts | class PriceEngine > method discount: `process.env`',
      'src/engines/pricing.ts | variable pricingRules > method lottery: `Math.random`',
    ];
    const known = all.filter((item) => !item.includes('method discount') && !item.includes('method lottery'));
    expect(known).toHaveLength(18);
    expect(sets(project.root, run)).toEqual({ known, new: [], fixed });
    expect(run.status).toBe('fail');
    expect(run.baseline?.byRule['plumbline/engine-purity']).toEqual({ new: 0, known: 14, fixed: 2 });

    const monitor = await runStatic(project.root, { mode: 'monitor' });
    expect(monitor.findings.filter((finding) => finding.baselineState === 'absent').map((finding) => finding.severity)).toEqual([
      'note',
      'note',
    ]);

    // Tightening: the pruned baseline drops the two and never grows; then the gate passes.
    const file = path.join(project.root, '.plumbline/baseline.json');
    const read = readBaselineFile(file);
    if (read.kind !== 'ok') throw new Error(read.kind);
    const raw = await runStatic(project.root, { baseline: false });
    const pruned = pruneEntries(read.baseline.findings, raw.findings.map(createIdentifier(reader(project.root))), () => true);
    expect(pruned.reduce((sum, entry) => sum + entry.count, 0)).toBe(18);
    writeBaselineFile(file, { ...read.baseline, findings: pruned });
    expect((await runStatic(project.root)).status).toBe('pass');
  });

  it('a baseline that is not JSON or breaks the schema fails the gate with the reason, never passes', async () => {
    const { project } = await baselined();
    const file = path.join(project.root, '.plumbline/baseline.json');
    writeFileSync(file, '{ "schemaVersion": 1, "findings": [');
    let run = await runStatic(project.root);
    expect(run.status).toBe('fail');
    expect(run.findings.find((finding) => finding.ruleId === 'plumbline/baseline-invalid')?.message).toMatch(
      /\.plumbline\/baseline\.json cannot be used \(not JSON/,
    );
    writeFileSync(
      file,
      JSON.stringify({
        schemaVersion: 1,
        findings: [{ rule: 'x', file: 'a.ts', symbol: '', hash: 'nothex', count: 1, code: '' }],
        metrics: {},
      }),
    );
    run = await runStatic(project.root);
    expect(run.findings.find((finding) => finding.ruleId === 'plumbline/baseline-invalid')?.message).toContain('findings.0.hash');
  });

  it('an entry for a deleted file is stale, at its line in the baseline file', async () => {
    const { project } = await baselined();
    const file = path.join(project.root, '.plumbline/baseline.json');
    const read = readBaselineFile(file);
    if (read.kind !== 'ok') throw new Error(read.kind);
    const stale = {
      rule: 'plumbline/layer-boundaries',
      file: 'src/api/gone.ts',
      symbol: '',
      hash: 'abcdef012345',
      count: 1,
      code: "import x from '../drivers/x.js'",
    };
    const baseline: Baseline = { ...read.baseline, findings: [...read.baseline.findings, stale] };
    writeBaselineFile(file, baseline);
    const run = await runStatic(project.root);
    const finding = run.findings.find((item) => item.ruleId === 'plumbline/baseline-stale');
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((text) => text.includes('src/api/gone.ts'));
    expect(finding).toMatchObject({ file: '.plumbline/baseline.json', severity: 'error', baselineState: 'absent' });
    // The finding points at the entry's opening brace, a few lines above its file field.
    expect(finding?.line).toBeGreaterThan(0);
    expect(line + 1 - (finding?.line ?? 0)).toBeLessThan(7);
  });

  it('plumbline check honours the baseline; with named files only their entries take part', async () => {
    const { project } = await baselined();
    edit(project.root, 'src/engines/tax.ts', (text) =>
      text.replace(
        'const region = process.env.TAX_REGION;',
        'const region = process.env.TAX_REGION;\n    const started = performance.now();',
      ),
    );
    const config = await loadConfig({ cwd: project.root });
    const target = path.join(project.root, 'src/engines/tax.ts');
    const checked = await checkFiles(config, [target], { cache: false, analyzers: false });
    const findings = await withBaseline(config, checked.findings, { analyzers: false, files: [target] });
    // The 16 entries of the other files are not in scope: neither known nor fixed.
    expect(findings.map((finding) => `${finding.baselineState} ${finding.severity}`).sort()).toEqual([
      'new error',
      'unchanged warning',
      'unchanged warning',
      'unchanged warning',
      'unchanged warning',
    ]);
  });

  it('architecture findings (dependency-cruiser: an orphan at 1:1) survive reordered imports and a new first line', async () => {
    const project = temp(LEGACY);
    const config = await loadConfig({ cwd: project.root });
    const evidenceDir = path.join(project.root, '.plumbline/evidence');
    const raw = (await runGatePack({ config, gates: [architectureGate], evidenceDir, baseline: false })).gates[0] as GateRun;
    // Layer edges are the static gate's (one defect, one finding): the graph reports what only a graph shows.
    expect(raw.findings.map((finding) => finding.ruleId).sort()).toEqual(['depcruise/no-orphans']);
    const identify = createIdentifier(reader(project.root));
    writeBaselineFile(path.join(project.root, '.plumbline/baseline.json'), {
      schemaVersion: 1,
      findings: entriesFor(raw.findings.map(identify)),
      metrics: {},
    });
    edit(project.root, 'src/api/orders.ts', (text) => {
      const lines = text.split('\n');
      return [lines[0], lines[3], lines[2], lines[1], ...lines.slice(4)].join('\n');
    });
    edit(project.root, 'src/engines/tax.ts', (text) => `// Owned by the billing team.\n${text}`);
    const run = (await runGatePack({ config, gates: [architectureGate], evidenceDir })).gates[0] as GateRun;
    expect(run.baseline?.totals).toEqual({ new: 0, known: 1, fixed: 0 });
    expect(run.status).toBe('pass');
  });
});
