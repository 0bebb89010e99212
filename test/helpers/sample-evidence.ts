import type { Evidence } from '../../core/contracts.js';

/** Evidence with one gate of each status and findings that stress escaping. */
export function sampleEvidence(): Evidence {
  return {
    schemaVersion: 1,
    tool: { name: 'plumbline', version: '0.1.0' },
    configHash: 'a'.repeat(64),
    mode: 'strict',
    passed: false,
    exitCode: 1,
    gates: [
      {
        id: 'static',
        title: 'Static fitness',
        status: 'fail',
        findings: [
          {
            ruleId: 'plumbline/layer-boundaries',
            severity: 'error',
            message: "Layer 'api' may not import layer 'drivers' <x> & \"y\"",
            file: 'src/api/policy routes.ts',
            line: 3,
            column: 24,
            endLine: 3,
            endColumn: 60,
            docsUrl: 'https://example.invalid/docs/rules/layer-boundaries.md',
          },
          {
            ruleId: 'plumbline/no-banned-files',
            severity: 'warning',
            message: 'banned\u0001name',
            file: 'src/x_service.ts',
            line: 1,
            column: 1,
          },
        ],
        metrics: { filesChecked: 12 },
        artifacts: [],
        rules: [
          { id: 'plumbline/layer-boundaries', description: 'layers', docsUrl: 'https://example.invalid/docs/rules/layer-boundaries.md' },
          { id: 'plumbline/no-banned-files', description: 'banned files' },
        ],
      },
      {
        id: 'broken',
        title: 'Broken gate',
        status: 'error',
        reason: "gate 'broken' crashed: boom",
        findings: [
          { ruleId: 'plumbline/gate-error', severity: 'error', message: "gate 'broken' crashed: boom", file: '', line: 0, column: 0 },
        ],
        metrics: {},
        artifacts: [],
        rules: [],
      },
      {
        id: 'later',
        title: 'Later gate',
        status: 'deferred',
        reason: 'deferred: rewrite (until 2027-01-31)',
        findings: [],
        metrics: {},
        artifacts: [],
        rules: [],
      },
    ],
    skipped: [{ gate: 'other', reason: 'skipped by --skip' }],
    deferred: [{ gate: 'later', reason: 'rewrite', until: '2027-01-31', expired: false }],
    totals: { errors: 2, warnings: 1, notes: 0 },
  };
}
