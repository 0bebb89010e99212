import { chmodSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseEngine } from '../../cli/check-command.js';
import { UsageError } from '../../cli/exit-codes.js';
import { compareFindings } from '../../core/finding-order.js';
import { loadConfig } from '../../config/load.js';
import { staticGate } from '../../gates/static/gate.js';
import { listSourceFiles } from '../../config/source-files.js';
import { lintWithRules } from '../../gates/static/lint.js';
import * as oxlintEngine from '../../gates/static/oxlint-engine.js';
import type { GateContext } from '../../gates/runner/gate-contract.js';
import { HOC_APP } from '../helpers/paths.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import { runGateAlone } from '../../gates/runner/gate-contract.js';

// The probe is the one seam: a test can make oxlint "missing" or point it at a launcher that crashes.
let probeOverride: Awaited<ReturnType<typeof oxlintEngine.probeOxlint>> | undefined;
vi.mock('../../gates/static/oxlint-engine.js', async (importOriginal) => {
  const original = await importOriginal<typeof oxlintEngine>();
  return { ...original, probeOxlint: async () => probeOverride ?? original.probeOxlint() };
});

const { temp } = projectsRemovedAfterAll();

afterEach(() => {
  probeOverride = undefined;
  vi.restoreAllMocks();
});

const comparable = (findings: Array<{ ruleId: string; file: string; line: number; column: number; message: string }>) =>
  findings.map(({ ruleId, file, line, column, message }) => ({ ruleId, file, line, column, message }));

function ctxFor(config: Awaited<ReturnType<typeof loadConfig>>, root: string): GateContext {
  return { config, signal: new AbortController().signal, artifactDir: `${root}/.plumbline/evidence/static`, progress: () => {} };
}

describe('--engine', () => {
  it('accepts auto, eslint and oxlint, and names the option when given anything else', () => {
    expect(['auto', 'eslint', 'oxlint', undefined].map(parseEngine)).toEqual(['auto', 'eslint', 'oxlint', undefined]);
    expect(() => parseEngine('rust')).toThrow(UsageError);
    expect(() => parseEngine('rust')).toThrow("--engine: expected one of auto, eslint, oxlint, got 'rust'");
  });
});

describe('oxlint positions', () => {
  it('turns byte offsets into ESLint lines and UTF-16 columns', () => {
    const source = Buffer.from('const é = "ü";\r\nimport x from "y";\n// 𝒳 z');
    expect(new oxlintEngine.ReportedSource(source).position(Buffer.byteLength('const é = '))).toEqual({ line: 1, column: 11 });
    expect(new oxlintEngine.ReportedSource(source).position(Buffer.byteLength('const é = "ü";\r\nimport x from '))).toEqual({
      line: 2,
      column: 15,
    });
    // An astral character is two UTF-16 code units, as ESLint counts it.
    expect(new oxlintEngine.ReportedSource(source).position(source.length - 1)).toEqual({ line: 3, column: 7 });
  });
});

describe('static engines', () => {
  it('gives the same findings on oxlint and ESLint, non-ASCII columns and unassigned: warn included', async () => {
    const project = temp(HOC_APP);
    project.write('src/api/accents.ts', "const café = 'ü'; import { x } from '../domains/policies/drivers/policy-repository.js';\n");
    project.write('src/loose/helper.ts', 'export const day = 1;\n');
    project.write('src/engines-clock.ts', 'export const now = () => new Date();\n');
    const configText = `${project.root}/plumbline.config.ts`;
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(configText, readFileSync(configText, 'utf8').replace('exclude: [],', "exclude: [], unassigned: 'warn',"));
    const config = await loadConfig({ cwd: project.root });
    const files = await listSourceFiles(config);

    const eslint = await lintWithRules(config, files, { engine: 'eslint' });
    const oxlint = await lintWithRules(config, files, { engine: 'oxlint' });

    expect(eslint.engine).toBe('eslint');
    expect(oxlint.engine).toBe('oxlint');
    expect([...oxlint.findings].sort(compareFindings)).toEqual([...eslint.findings].sort(compareFindings));
    expect(comparable(oxlint.findings)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: 'plumbline/layer-boundaries', file: 'src/api/accents.ts', line: 1, column: 37 }),
      ]),
    );
    const unassigned = oxlint.findings.filter((finding) => finding.message.includes('is in no layer')).sort(compareFindings);
    expect(unassigned.map((finding) => [finding.file, finding.severity])).toEqual([
      ['src/engines-clock.ts', 'warning'],
      ['src/loose/helper.ts', 'warning'],
    ]);
  });

  it('keeps a result cache for oxlint: a warm run lints the changed files only, with the findings of a cold one', async () => {
    const project = temp(HOC_APP);
    const config = await loadConfig({ cwd: project.root });
    const files = await listSourceFiles(config);
    await lintWithRules(config, files, { engine: 'oxlint', cache: true });
    project.write('src/api/policies.ts', "import { x } from '../domains/policies/drivers/policy-repository.js';\nexport const y = x;\n");
    const progress: number[] = [];
    const warm = await lintWithRules(config, files, { engine: 'oxlint', cache: true, onProgress: (_done, total) => progress.push(total) });
    const cold = await lintWithRules(config, files, { engine: 'oxlint' });
    expect(progress).toEqual([1]);
    expect([...warm.findings].sort(compareFindings)).toEqual([...cold.findings].sort(compareFindings));
    expect(warm.findings.map((finding) => finding.file)).toEqual(['src/api/policies.ts']);
  });

  it('records the engine in the static gate metrics', async () => {
    const config = await loadConfig({ cwd: HOC_APP });
    const outcome = await runGateAlone(staticGate, ctxFor(config, HOC_APP));
    expect(outcome.metrics?.engine).toBe('oxlint');
    expect(outcome.findings).toEqual([]);
  });

  it('falls back to ESLint when oxlint does not start, and says so once', async () => {
    probeOverride = { ok: false, reason: 'oxlint is not installed' };
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const config = await loadConfig({ cwd: HOC_APP });
    const first = await runGateAlone(staticGate, ctxFor(config, HOC_APP));
    const second = await lintWithRules(config, [], { engine: 'oxlint' });
    expect(first.metrics?.engine).toBe('eslint');
    expect(second.engine).toBe('eslint');
    const told = stderr.mock.calls.map(([text]) => String(text)).filter((text) => text.includes('oxlint'));
    expect(told).toEqual(['plumbline: oxlint is not installed; the rules run on ESLint instead.\n']);
  });

  it('errors the gate, never passes it, when oxlint crashes in the middle of a run', async () => {
    const project = temp();
    const crashing = project.write('crashing-oxlint.mjs', "process.stderr.write('thread panicked\\n'); process.exit(134);\n");
    chmodSync(crashing, 0o755);
    probeOverride = { ok: true, bin: crashing };
    const config = await loadConfig({ cwd: HOC_APP });
    await expect(runGateAlone(staticGate, ctxFor(config, HOC_APP))).rejects.toThrow(/oxlint failed \(exit 134\): thread panicked/);
  });

  it('errors when oxlint exits 1 without a JSON report', async () => {
    const project = temp();
    const garbled = project.write('garbled-oxlint.mjs', 'process.stdout.write(\'{ "diagnostics": [\');\nprocess.exit(1);\n');
    const config = await loadConfig({ cwd: HOC_APP });
    await expect(oxlintEngine.lintWithOxlint(config, [`${HOC_APP}/src/models/control.ts`], garbled)).rejects.toThrow(
      /JSON report could not be read/,
    );
  });
});
