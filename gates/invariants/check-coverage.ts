import type { DeclaredCheck } from '../../analyzers/index.js';
import type { CheckEvent, EvidenceEvent } from '@plumbline-kit/runtime';
import { compareText } from '../../core/finding-order.js';

/** Labels @plumbline-kit/plumbline/testing's recordingSink puts on every event. */
const TEST_LABEL = 'test';
const TEST_FILE_LABEL = 'testFile';
/** How an event recorded outside any test (a hook, a setup file) is named. */
export const OUTSIDE_A_TEST = '(outside a test)';

/** One test that evaluated a check, and what it saw. */
export interface ExercisingTest {
  readonly name: string;
  readonly file: string;
  held: number;
  violated: number;
}

/** What the test run showed of one declared check. */
export interface CheckCoverage {
  readonly check: DeclaredCheck;
  held: number;
  /** Violations in enforce mode: the operation was rejected. */
  rejected: number;
  /** Violations in monitor mode: recorded, the operation went on. */
  recorded: number;
  /** The predicate threw or did not return a boolean: no verdict. */
  predicateErrors: number;
  readonly tests: ExercisingTest[];
}

/** Evidence about a check no declaration matches (a dynamic id, a stale declaration, another registry). */
export interface UndeclaredCheck {
  readonly operationId: string;
  readonly checkId: string;
  readonly kind: string;
  events: number;
}

export interface CoverageTally {
  readonly checks: CheckCoverage[];
  readonly undeclared: UndeclaredCheck[];
  /** Check events in the evidence (all kinds). */
  readonly checkEvents: number;
  /** Check events that name no test. */
  readonly unlabelled: number;
}

/** Counts, per declared invariant and forbidden state, how the recorded test run exercised it. */
export function tallyCoverage(declared: readonly DeclaredCheck[], events: readonly EvidenceEvent[]): CoverageTally {
  const byKey = new Map<string, CheckCoverage>();
  const keyOf = (operationId: string, kind: string, checkId: string) => `${operationId}\0${kind}\0${checkId}`;
  for (const check of declared) {
    byKey.set(keyOf(check.operationId, check.kind, check.checkId), {
      check,
      held: 0,
      rejected: 0,
      recorded: 0,
      predicateErrors: 0,
      tests: [],
    });
  }
  const undeclared = new Map<string, UndeclaredCheck>();
  let checkEvents = 0;
  let unlabelled = 0;
  for (const event of events) {
    if (!('checkId' in event)) continue;
    checkEvents++;
    const kind = event.kind === 'predicate-error' ? event.checkKind : event.kind;
    if (kind !== 'invariant' && kind !== 'forbidden') continue;
    const coverage = byKey.get(keyOf(event.operationId, kind, event.checkId));
    if (coverage === undefined) {
      const key = keyOf(event.operationId, kind, event.checkId);
      const entry = undeclared.get(key) ?? { operationId: event.operationId, checkId: event.checkId, kind, events: 0 };
      entry.events++;
      undeclared.set(key, entry);
      continue;
    }
    const test = testOf(event);
    if (test === undefined) unlabelled++;
    const exercising = exercisingTest(coverage, test);
    if (event.kind === 'predicate-error') {
      coverage.predicateErrors++;
    } else if (event.outcome === 'held') {
      coverage.held++;
      exercising.held++;
    } else {
      if (event.mode === 'enforce') coverage.rejected++;
      else coverage.recorded++;
      exercising.violated++;
    }
  }
  for (const coverage of byKey.values()) {
    coverage.tests.sort((a, b) => compareText(a.file, b.file) || compareText(a.name, b.name));
  }
  return {
    checks: [...byKey.values()],
    undeclared: [...undeclared.values()].sort(
      (a, b) => compareText(a.operationId, b.operationId) || compareText(a.kind, b.kind) || compareText(a.checkId, b.checkId),
    ),
    checkEvents,
    unlabelled,
  };
}

function testOf(event: CheckEvent): { name: string; file: string } | undefined {
  const name = event.labels?.[TEST_LABEL];
  const file = event.labels?.[TEST_FILE_LABEL];
  if (name === undefined && file === undefined) return undefined;
  return { name: name ?? OUTSIDE_A_TEST, file: file ?? '' };
}

function exercisingTest(coverage: CheckCoverage, test: { name: string; file: string } | undefined): ExercisingTest {
  const name = test?.name ?? OUTSIDE_A_TEST;
  const file = test?.file ?? '';
  let found = coverage.tests.find((entry) => entry.name === name && entry.file === file);
  if (found === undefined) {
    found = { name, file, held: 0, violated: 0 };
    coverage.tests.push(found);
  }
  return found;
}
