import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createOperationRegistry,
  defineOperation,
  InvariantViolationError,
  memorySink,
  readJsonLinesEvidence,
} from '../../runtime/index.js';
import { EVIDENCE_FILE_ENV, recordingSink, runningTest, setRunningTestReader, withHandler } from '../../testing/index.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const { temp } = projectsRemovedAfterAll();
const held = { operationId: 'orders.place', checkId: 'INV-1', kind: 'invariant', outcome: 'held', mode: 'enforce' } as const;

afterEach(() => setRunningTestReader(undefined));

describe('recordingSink', () => {
  it('does nothing when recording is off (no file, no PLUMBLINE_EVIDENCE_FILE)', () => {
    const sink = recordingSink({ env: {} });
    expect(sink.file).toBeUndefined();
    expect(() => sink.record(held)).not.toThrow();
    expect(recordingSink({ env: { [EVIDENCE_FILE_ENV]: '  ' } }).file).toBeUndefined();
  });

  it('appends each event to the file PLUMBLINE_EVIDENCE_FILE names, labelled with the running test', () => {
    const file = path.join(temp().root, 'nested/evidence.jsonl');
    setRunningTestReader(() => ({ name: 'orders > rejects a negative total', file: path.join(process.cwd(), 'test/orders.test.ts') }));
    const sink = recordingSink({ env: { [EVIDENCE_FILE_ENV]: file } });
    expect(sink.file).toBe(file);
    sink.record(held);
    sink.record({ ...held, labels: { tenant: 't1' } });
    expect(readJsonLinesEvidence(file)).toEqual([
      { ...held, labels: { test: 'orders > rejects a negative total', testFile: 'test/orders.test.ts' } },
      { ...held, labels: { tenant: 't1', test: 'orders > rejects a negative total', testFile: 'test/orders.test.ts' } },
    ]);
  });

  it('records without labels outside a test, and when the reader throws', () => {
    const file = path.join(temp().root, 'evidence.jsonl');
    const sink = recordingSink({ file });
    sink.record(held);
    setRunningTestReader(() => {
      throw new Error('no test state');
    });
    expect(runningTest()).toBeUndefined();
    sink.record(held);
    expect(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([held, held]);
  });

  it('refuses an event that is not evidence, so the file stays readable', () => {
    const sink = recordingSink({ file: path.join(temp().root, 'evidence.jsonl') });
    expect(() => sink.record({ ...held, outcome: 'maybe' } as never)).toThrow(/outcome/);
  });
});

describe('withHandler', () => {
  const place = defineOperation({
    id: 'orders.place',
    owner: 'orders',
    critical: true,
    spec: { pre: [{ id: 'PRE-1', check: ({ input }: { input: { total: number } }) => input.total >= 0 }], post: [], forbidden: [] },
    invariants: [
      {
        id: 'INV-1',
        severity: 'high',
        condition: ({ output }: { output: { charged: number } }) => output.charged >= 0,
        remediation: 'never charge a negative amount',
      },
    ],
    handler: (input: { total: number }) => ({ charged: input.total }),
  });

  it('keeps the declaration and its checks, and runs the other handler', () => {
    const broken = withHandler(place, () => ({ charged: -1 }));
    expect(broken).not.toBe(place);
    expect({ id: broken.id, owner: broken.owner, critical: broken.critical }).toEqual({
      id: 'orders.place',
      owner: 'orders',
      critical: true,
    });
    expect(broken.invariants).toEqual(place.invariants);
    expect(broken.spec).toEqual(place.spec);
    const sink = memorySink();
    const registry = createOperationRegistry({ sink });
    registry.register(broken);
    expect(() => registry.execute('orders.place', { total: 5 }, {})).toThrow(InvariantViolationError);
    expect(sink.checks().map((event) => [event.checkId, event.outcome])).toEqual([
      ['PRE-1', 'held'],
      ['INV-1', 'violated'],
    ]);
  });
});
