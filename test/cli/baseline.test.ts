import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const { temp } = projectsRemovedAfterAll();

describe('plumbline baseline (CLI)', () => {
  it('baseline -> gate with new and fixed findings -> --prune -> gate passes; the file only shrinks', () => {
    const project = temp(path.join(REPO_ROOT, 'fixtures/baseline-legacy'));
    const baselineFile = path.join(project.root, '.plumbline/baseline.json');

    // --only static keeps this spawn-heavy test short; the architecture gate's findings are baselined alike.
    const first = runCli(['baseline', '-q', '--only', 'static'], project.root);
    expect(first.stderr).toMatch(/^plumbline: config \S+plumbline\.config\.\w+\n$/);
    expect(first.status).toBe(0);
    // 20 findings; two identical env reads in one method share an entry.
    expect(first.stdout).toMatch(/^Baseline written: \.plumbline\/baseline\.json: 20 accepted finding\(s\) in 19 entries/);
    const written = readFileSync(baselineFile, 'utf8');

    const again = runCli(['baseline', '-q'], project.root);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('.plumbline/baseline.json exists: tighten it with --prune');

    // Fix two engine findings, add one new one.
    const pricing = path.join(project.root, 'src/engines/pricing.ts');
    const original = readFileSync(pricing, 'utf8');
    const fixed = original
      .replace('return Math.random() > 0.99 ? 0 : amount;', 'return amount;')
      .replace("if (process.env.DISCOUNT === 'on') return amount * 0.9;\n", '');
    writeFileSync(
      pricing,
      fixed.replace('export function expiry', 'export const startedAt = performance.now();\n\nexport function expiry'),
    );
    const gate = runCli(['gate', '-q', '--only', 'static'], project.root);
    expect(gate.status).toBe(1);
    const sarif = JSON.parse(readFileSync(path.join(project.root, '.plumbline/evidence/results.sarif'), 'utf8'));
    const states = (sarif.runs[0].results as Array<{ baselineState?: string }>).map((result) => result.baselineState);
    expect(states.filter((state) => state === 'new')).toHaveLength(1);
    expect(states.filter((state) => state === 'absent')).toHaveLength(2);
    expect(states.filter((state) => state === 'unchanged')).toHaveLength(18);
    expect(readFileSync(path.join(project.root, '.plumbline/evidence/summary.md'), 'utf8')).toContain('1 new, 2 fixed, 18 still known');

    // Prune never adds the new finding; once it is removed too, the gate passes on the tightened baseline.
    const pruned = runCli(['baseline', '-q', '--prune', '--only', 'static'], project.root);
    expect(pruned.status).toBe(0);
    expect(pruned.stdout).toContain('18 accepted finding(s) in 17 entries (was 20: 2 fixed finding(s) pruned)');
    expect(readFileSync(baselineFile, 'utf8').length).toBeLessThan(written.length);
    writeFileSync(pricing, fixed);
    const after = runCli(['gate', '-q', '--only', 'static'], project.root);
    expect(after.stdout).toContain('Result: PASSED');
    expect(after.status).toBe(0);
  });
});
