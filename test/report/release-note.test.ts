import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../core/contracts.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderReleaseNote } from '../../report/release-note.js';
import { sampleEvidence } from '../helpers/sample-evidence.js';

describe('release-note summary', () => {
  const note = renderReleaseNote(sampleEvidence());

  it('gives each gate its status and key numbers, and groups what was not run', () => {
    expect(note).toContain('Plumbline 0.1.0 gate pack failed in strict mode (config aaaaaaaaaaaa): 2 error(s), 1 warning(s).');
    expect(note).toContain('| `static` | FAIL | filesChecked 12 |');
    expect(note).toContain('| `broken` | ERROR | – |');
    expect(note).toContain('| `later` | deferred | – |');
    expect(note).toContain('Not run (skipped by --skip): `other`.');
  });

  it('lists deferred items with their reasons', () => {
    expect(note).toContain('**Deferred:**\n\n- `later` (until 2027-01-31): rewrite');
  });

  it('names each blocker with the next action taken from its findings', () => {
    expect(note).toContain(
      "- `static` FAIL: 1 error(s); next: `src/api/policy routes.ts:3` Layer 'api' may not import layer 'drivers' &lt;x&gt; & \"y\" [plumbline/layer-boundaries]",
    );
    expect(note).toContain(
      "- `broken` ERROR: the gate could not run (gate 'broken' crashed: boom); next: fix that and rerun `plumbline gate --only broken`",
    );
  });

  it('prints messages as written on a terminal: no HTML entities', () => {
    const terminal = renderReleaseNote(sampleEvidence(), { for: 'terminal' });
    expect(terminal).toContain("Layer 'api' may not import layer 'drivers' <x> & \"y\" [plumbline/layer-boundaries]");
    expect(terminal).not.toMatch(/&(lt|gt|amp);/);
  });

  it("turns a docs-gate failure into 'run plumbline docs and commit'", () => {
    const evidence: Evidence = {
      ...sampleEvidence(),
      gates: [
        {
          id: 'docs',
          title: 'Assurance docs',
          status: 'fail',
          findings: [
            {
              ruleId: 'docs/stale',
              severity: 'error',
              message:
                'docs/assurance/index.md differs from the generated document from line 31 on: run `plumbline docs` and commit the result',
              file: 'docs/assurance/index.md',
              line: 31,
              column: 1,
            },
            {
              ruleId: 'docs/missing',
              severity: 'error',
              message: 'docs/assurance/incidents.md is not generated yet: run `plumbline docs` and commit the result',
              file: 'docs/assurance/incidents.md',
              line: 0,
              column: 0,
            },
          ],
          metrics: { documents: 5, stale: 2 },
          artifacts: [],
          rules: [],
        },
      ],
      skipped: [],
      deferred: [],
    };
    const text = renderReleaseNote(evidence);
    expect(text).toContain(
      '- `docs` FAIL: 2 error(s); next: `docs/assurance/index.md:31` docs/assurance/index.md differs from the generated document from line 31 on: run `plumbline docs` and commit the result [docs/stale] (+1 more: docs/stale, docs/missing)',
    );
    expect(text).toContain('**Deferred:**\n\n- none');
  });

  it('says none when the pack passes, and marks blockers as not enforced in monitor mode', () => {
    const passing: Evidence = { ...sampleEvidence(), passed: true, exitCode: 0, gates: [], skipped: [], deferred: [] };
    expect(renderReleaseNote(passing)).toContain('**Blockers:**\n\n- none');
    expect(renderReleaseNote({ ...sampleEvidence(), mode: 'monitor' })).toContain('**Blockers (not enforced in monitor mode):**');
  });

  it('flags an expired deferral as a blocker', () => {
    const expired: Evidence = { ...sampleEvidence(), deferred: [{ gate: 'later', reason: 'rewrite', until: '2026-01-31', expired: true }] };
    expect(renderReleaseNote(expired)).toContain(
      '- `later`: its deferral expired on 2026-01-31; next: make the gate pass, or renew the deferral with a new reason and date',
    );
  });

  it('ends summary.md, so it can be copied whole', () => {
    expect(renderMarkdown(sampleEvidence()).endsWith(note)).toBe(true);
  });
});
