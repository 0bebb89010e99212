import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { buildSarif, renderSarif } from '../../report/sarif.js';
import { sampleEvidence } from '../helpers/sample-evidence.js';

// The official SARIF 2.1.0 (rtm.5) JSON schema, as shipped by Microsoft's jest-sarif package.
const require = createRequire(import.meta.url);
const sarifSchema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
const validate = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false }).compile(sarifSchema);

describe('SARIF writer', () => {
  it('writes a log that validates against the official SARIF 2.1.0 schema', () => {
    const log = JSON.parse(renderSarif(sampleEvidence()));
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check can fail: a broken log is rejected', () => {
    const log = buildSarif(sampleEvidence()) as unknown as { runs: Array<{ results: Array<{ level: string }> }> };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('maps findings to results with rule index, level, region and a %SRCROOT% relative URI', () => {
    const run = buildSarif(sampleEvidence()).runs[0]!;
    expect(run.tool.driver.rules?.map((rule) => rule.id)).toEqual([
      'plumbline/gate-error',
      'plumbline/layer-boundaries',
      'plumbline/no-banned-files',
    ]);
    const [first, second, third] = run.results ?? [];
    expect(first).toMatchObject({
      ruleId: 'plumbline/layer-boundaries',
      ruleIndex: 1,
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/api/policy%20routes.ts', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3, startColumn: 24, endLine: 3, endColumn: 60 },
          },
        },
      ],
    });
    expect(second?.level).toBe('warning');
    // A project-wide finding has no location rather than a fake line 0.
    expect(third?.locations).toBeUndefined();
    expect(run.invocations?.[0]?.executionSuccessful).toBe(false);
  });
});
