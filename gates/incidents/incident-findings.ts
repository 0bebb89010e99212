import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Finding, Severity } from '../../core/contracts.js';
import { atLine } from '../../core/rule-catalog.js';
import type { IncidentRecord } from './incident-record.js';
import { findTestTitles, matchesTestName, type TestTitle } from './test-titles.js';
import { incidentRules, type IncidentRuleName } from './rules.js';

export function incidentFinding(name: IncidentRuleName, severity: Severity, message: string, file = '', line = 0): Finding {
  return incidentRules.finding(name, severity, message, atLine(file, line));
}

/** What the project declares, against which incident links are checked. */
export interface GuardrailIndex {
  root: string;
  /** Invariant ids declared by defineOperation (the analyzers' registry). */
  invariants: ReadonlySet<string>;
  /** Domain names that exist (the configured domain globs, matched against the project). */
  domains: readonly string[];
}

/** The findings of one valid record: its id, owner, invariants and tests checked against the project. */
export function recordFindings(
  record: IncidentRecord,
  index: GuardrailIndex,
  titlesOf: (file: string) => TestTitle[] | undefined,
): Finding[] {
  const { front, file } = record;
  const findings: Finding[] = [];
  const label = `incident ${front.incident_id}`;
  const expectedName = `${front.incident_id}.md`;
  if (path.posix.basename(file) !== expectedName) {
    findings.push(
      incidentFinding(
        'id-mismatch',
        'error',
        `${label} is recorded in ${path.posix.basename(file)}: rename the file to ${expectedName} or fix incident_id`,
        file,
        record.lineOf(['incident_id']),
      ),
    );
  }
  if (!index.domains.includes(front.owner)) {
    const known =
      index.domains.length === 0 ? 'no domain is configured (domains in the config)' : `known domains: ${index.domains.join(', ')}`;
    findings.push(
      incidentFinding(
        'unknown-owner',
        'error',
        `${label} is owned by '${front.owner}', which is not a domain (${known})`,
        file,
        record.lineOf(['owner']),
      ),
    );
  }
  if (front.invariants.length === 0) {
    findings.push(
      incidentFinding(
        'no-invariant',
        'error',
        `${label} names no invariant: declare one on the operation that failed (defineOperation invariants) and list its id here`,
        file,
        record.lineOf(['invariants']),
      ),
    );
  }
  front.invariants.forEach((id, position) => {
    if (index.invariants.has(id)) return;
    const line = record.lineOf(['invariants', position]);
    if (front.status === 'resolved') {
      findings.push(
        incidentFinding(
          'guardrail-removed',
          'error',
          `resolved ${label} is guarded by invariant '${id}', which no defineOperation declares any more: restore the invariant, or reopen the incident and name its new guardrail`,
          file,
          line,
        ),
      );
    } else {
      findings.push(
        incidentFinding('unknown-invariant', 'error', `${label} names invariant '${id}', which no defineOperation declares`, file, line),
      );
    }
  });
  front.tests.forEach((test, position) => {
    const titles = titlesOf(test.file);
    if (titles === undefined) {
      findings.push(
        incidentFinding(
          'missing-test-file',
          'error',
          `${label} names test file '${test.file}', which does not exist`,
          file,
          record.lineOf(['tests', position, 'file']),
        ),
      );
      return;
    }
    if (!matchesTestName(titles, test.name)) {
      findings.push(
        incidentFinding(
          'missing-test-name',
          'error',
          `${label} names test '${test.name}', which ${test.file} does not contain (no describe/it/test with that title or 'describe > it' path)`,
          file,
          record.lineOf(['tests', position, 'name']),
        ),
      );
    }
  });
  return findings;
}

/** Reads a test file's titles once per file; undefined when the file does not exist (or lies outside the root). */
export function testTitleReader(root: string): (file: string) => TestTitle[] | undefined {
  const cache = new Map<string, TestTitle[] | undefined>();
  return (file) => {
    if (cache.has(file)) return cache.get(file);
    const absolute = path.resolve(root, file);
    const inside = !path.relative(root, absolute).startsWith('..') && !path.isAbsolute(file);
    const titles =
      inside && existsSync(absolute) && statSync(absolute).isFile() ? findTestTitles(absolute, readFileSync(absolute, 'utf8')) : undefined;
    cache.set(file, titles);
    return titles;
  };
}
