import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../report/junit.js';
import { sampleEvidence } from '../helpers/sample-evidence.js';

describe('JUnit writer', () => {
  const xml = renderJunit(sampleEvidence());

  it('writes well-formed XML, escaping quotes, markup and control characters', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain('&lt;x&gt; &amp; &quot;y&quot;');
  });

  it('has one suite per gate with counts that match its cases', () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suites = doc.testsuites.testsuite as Array<Record<string, string>>;
    expect(suites.map((suite) => [suite.name, suite.tests, suite.failures, suite.errors, suite.skipped])).toEqual([
      ['static', '1', '1', '0', '0'],
      ['broken', '1', '0', '1', '0'],
      ['later', '1', '0', '0', '1'],
    ]);
    expect(doc.testsuites).toMatchObject({ tests: '3', failures: '1', errors: '1', skipped: '1' });
  });

  it('names the failing file in the test case and lists its findings with file:line', () => {
    expect(xml).toContain('name="src/api/policy routes.ts"');
    expect(xml).toContain('src/api/policy routes.ts:3:24 error');
  });
});
