import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../core/contracts.js';
import { EvidenceSchema } from '../../core/contracts.js';
import { renderMarkdown } from '../../report/markdown.js';
import { buildSarif, renderSarif } from '../../report/sarif.js';
import { sampleEvidence } from '../helpers/sample-evidence.js';

const require = createRequire(import.meta.url);
const sarifSchema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
const validate = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false }).compile(sarifSchema);

/** The sample evidence after a baseline was applied to the static gate: one known, one new, one fixed. */
function baselinedEvidence(): Evidence {
  const evidence = sampleEvidence();
  const gate = evidence.gates[0]!;
  const [boundary, banned] = gate.findings;
  gate.findings = [
    { ...boundary!, severity: 'warning', baselineState: 'unchanged' },
    { ...banned!, baselineState: 'new' },
    {
      ruleId: 'plumbline/engine-purity',
      severity: 'error',
      message: 'fixed: 1 of the 1 finding(s)…',
      file: 'src/engines/a.ts',
      line: 0,
      column: 0,
      baselineState: 'absent',
    },
  ];
  gate.baseline = {
    file: '.plumbline/baseline.json',
    totals: { new: 1, known: 1, fixed: 1 },
    byRule: {
      'plumbline/engine-purity': { new: 0, known: 0, fixed: 1 },
      'plumbline/layer-boundaries': { new: 0, known: 1, fixed: 0 },
      'plumbline/no-banned-files': { new: 1, known: 0, fixed: 0 },
    },
    byLayer: { api: { new: 0, known: 1, fixed: 0 }, engines: { new: 0, known: 0, fixed: 1 }, '(none)': { new: 1, known: 0, fixed: 0 } },
  };
  return EvidenceSchema.parse(evidence);
}

describe('reports of a baselined run', () => {
  it('SARIF marks each result with baselineState and still validates against the official 2.1.0 schema', () => {
    const log = JSON.parse(renderSarif(baselinedEvidence()));
    expect(validate(log)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    const states = (log.runs[0].results as Array<{ ruleId: string; baselineState?: string }>).map((result) => [
      result.ruleId,
      result.baselineState,
    ]);
    expect(states).toEqual([
      ['plumbline/layer-boundaries', 'unchanged'],
      ['plumbline/no-banned-files', 'new'],
      ['plumbline/engine-purity', 'absent'],
      ['plumbline/gate-error', undefined],
    ]);
  });

  it('the schema check sees baselineState: a value SARIF does not define is rejected', () => {
    const log = buildSarif(baselinedEvidence()) as unknown as { runs: Array<{ results: Array<{ baselineState: string }> }> };
    log.runs[0]!.results[0]!.baselineState = 'known';
    expect(validate(log)).toBe(false);
  });

  it('without a baseline, no result carries baselineState', () => {
    const log = buildSarif(sampleEvidence());
    expect(log.runs[0]!.results!.some((result) => 'baselineState' in result)).toBe(false);
  });

  it('the Markdown summary shows the delta per rule and per layer, and labels each finding', () => {
    const md = renderMarkdown(baselinedEvidence());
    expect(md).toContain('## Baseline delta');
    expect(md).toContain('**Static fitness (`static`)** against `.plumbline/baseline.json`: 1 new, 1 fixed, 1 still known');
    expect(md).toContain('| Rule | New | Fixed | Known |');
    expect(md).toContain('| `plumbline/engine-purity` | 0 | 1 | 0 |');
    expect(md).toContain('| Layer | New | Fixed | Known |');
    expect(md).toContain('| `engines` | 0 | 1 | 0 |');
    expect(md).toMatch(/`src\/api\/policy routes\.ts:3:24` warning Layer/);
    expect(md).toMatch(/`src\/x_service\.ts:1:1` warning \(new\)/);
    expect(md).toMatch(/`src\/engines\/a\.ts` error \(fixed\)/);
    expect(renderMarkdown(sampleEvidence())).not.toContain('Baseline delta');
  });
});
