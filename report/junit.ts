import type { Evidence, Finding, GateReport } from '../core/contracts.js';

/**
 * JUnit XML for CI test tabs: one suite per gate, one test case per file with
 * errors (or one for the whole gate when it passes, errors or is deferred).
 */
export function renderJunit(evidence: Evidence): string {
  const suites = evidence.gates.map(renderSuite);
  const count = (tag: string) => suites.reduce((sum, suite) => sum + suite.counts[tag as keyof SuiteCounts], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="plumbline" tests="${count('tests')}" failures="${count('failures')}" errors="${count('errors')}" skipped="${count('skipped')}">`,
    ...suites.map((suite) => suite.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

interface SuiteCounts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function renderSuite(gate: GateReport): { xml: string; counts: SuiteCounts } {
  const classname = `plumbline.${gate.id}`;
  const cases: string[] = [];
  const counts: SuiteCounts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  if (gate.status === 'error') {
    counts.errors++;
    cases.push(
      testCase(classname, gate.title, `<error message="${attr(gate.reason ?? 'gate error')}">${text(findingLines(gate.findings))}</error>`),
    );
  } else if (gate.status === 'deferred') {
    counts.skipped++;
    cases.push(testCase(classname, gate.title, `<skipped message="${attr(gate.reason ?? 'deferred')}"/>`));
  } else {
    const errorsByFile = new Map<string, Finding[]>();
    for (const finding of gate.findings) {
      if (finding.severity !== 'error') continue;
      const key = finding.file || '(project)';
      errorsByFile.set(key, [...(errorsByFile.get(key) ?? []), finding]);
    }
    for (const [file, findings] of errorsByFile) {
      counts.failures++;
      const first = findings[0] as Finding;
      const summary = `${findings.length} finding${findings.length === 1 ? '' : 's'}; first: ${first.message}`;
      cases.push(
        testCase(
          classname,
          file,
          `<failure message="${attr(summary)}" type="${attr(first.ruleId)}">${text(findingLines(findings))}</failure>`,
        ),
      );
    }
    if (errorsByFile.size === 0) {
      cases.push(testCase(classname, gate.title, gate.status === 'fail' ? `<failure message="${attr(gate.reason ?? 'failed')}"/>` : ''));
      if (gate.status === 'fail') counts.failures++;
    }
  }
  counts.tests = cases.length;
  const xml = [
    `  <testsuite name="${attr(gate.id)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}">`,
    ...cases,
    '  </testsuite>',
  ].join('\n');
  return { xml, counts };
}

function testCase(classname: string, name: string, body: string): string {
  const open = `    <testcase classname="${attr(classname)}" name="${attr(name)}"`;
  return body ? `${open}>\n      ${body}\n    </testcase>` : `${open}/>`;
}

function findingLines(findings: Finding[]): string {
  return findings
    .map((f) => `${f.file || '(project)'}${f.line > 0 ? `:${f.line}:${f.column}` : ''} ${f.severity} ${f.message} [${f.ruleId}]`)
    .join('\n');
}

// XML 1.0 forbids most control characters even when escaped.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(value: string): string {
  return value.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
