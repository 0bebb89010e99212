import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CheckEventSchema,
  createOperationRegistry,
  defineOperation,
  EvidenceEventSchema,
  jsonLinesSink,
  memorySink,
  openTelemetrySink,
  OptionalDependencyMissingError,
  readJsonLinesEvidence,
  RuntimeConfigurationError,
  spanEventAttributes,
  teeSink,
  withLabels,
  type EvidenceEvent,
  type OtelApiLike,
} from '../../runtime/index.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const temporary: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-evidence-'));
  temporary.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const held: EvidenceEvent = { operationId: 'a.b', checkId: 'INV-1', kind: 'invariant', outcome: 'held', severity: 'low', mode: 'enforce' };
const mismatch: EvidenceEvent = {
  kind: 'shadow',
  operationId: 'a.b',
  outcome: 'mismatch',
  diff: { paths: ['items[0].price'], truncated: false },
};

describe('evidence event schema', () => {
  it('accepts the three event shapes and rejects inconsistent check events', () => {
    expect(EvidenceEventSchema.safeParse(held).success).toBe(true);
    expect(EvidenceEventSchema.safeParse(mismatch).success).toBe(true);
    expect(
      EvidenceEventSchema.safeParse({
        kind: 'canary-rollback',
        operationId: 'a.b',
        trigger: 'errorRate',
        rate: 0.5,
        threshold: 0.1,
        samples: 20,
      }).success,
    ).toBe(true);
    const predicateErrorWithoutKind = { ...held, kind: 'predicate-error', outcome: 'violated' };
    expect(CheckEventSchema.safeParse(predicateErrorWithoutKind).success).toBe(false);
    expect(CheckEventSchema.safeParse({ ...predicateErrorWithoutKind, checkKind: 'invariant' }).success).toBe(true);
    expect(CheckEventSchema.safeParse({ ...held, checkKind: 'invariant' }).success).toBe(false);
    expect(CheckEventSchema.safeParse({ ...held, at: 'yesterday' }).success).toBe(false);
  });
});

describe('memory sink', () => {
  it('keeps events in order, filters check events, clears', () => {
    const sink = memorySink();
    sink.record(held);
    sink.record(mismatch);
    expect(sink.events).toEqual([held, mismatch]);
    expect(sink.checks()).toEqual([held]);
    sink.clear();
    expect(sink.events).toEqual([]);
  });
});

describe('JSON Lines sink', () => {
  it('writes one parseable JSON object per line, creating the folder', () => {
    const file = path.join(tempDir(), 'nested', 'evidence.jsonl');
    const sink = jsonLinesSink(file);
    sink.record(held);
    sink.record(mismatch);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines.slice(0, 2).map((line) => JSON.parse(line) as unknown)).toEqual([held, mismatch]);
    expect(readJsonLinesEvidence(file)).toEqual([held, mismatch]);
  });

  it('records what a registry checks, line by line', () => {
    const file = path.join(tempDir(), 'evidence.jsonl');
    const registry = createOperationRegistry({ sink: jsonLinesSink(file), mode: 'monitor', clock: () => 0 });
    registry.register(
      defineOperation({
        id: 'a.b',
        owner: 'a',
        invariants: [{ id: 'INV-1', severity: 'low', condition: ({ output }) => output > 1, remediation: 'r' }],
        handler: (input: { n: number }) => input.n,
      }),
    );
    registry.execute('a.b', { n: 2 }, {});
    registry.execute('a.b', { n: 0 }, {});
    expect(readJsonLinesEvidence(file).map((event) => ('outcome' in event ? event.outcome : '') + ' ' + event.at)).toEqual([
      'held 1970-01-01T00:00:00.000Z',
      'violated 1970-01-01T00:00:00.000Z',
    ]);
  });

  it('refuses an invalid event instead of writing a line no gate can read', () => {
    const file = path.join(tempDir(), 'evidence.jsonl');
    const sink = jsonLinesSink(file);
    expect(() => sink.record({ ...held, outcome: 'maybe' } as never)).toThrow(RuntimeConfigurationError);
    expect(() => sink.record({ ...held, outcome: 'maybe' } as never)).toThrow(/outcome/);
    expect(fs.existsSync(file)).toBe(false);
    expect(() => jsonLinesSink('  ')).toThrow(/needs a file path/);
  });

  it('the reader names the bad line, and treats a missing file as empty only when asked', () => {
    const file = path.join(tempDir(), 'evidence.jsonl');
    fs.writeFileSync(file, `${JSON.stringify(held)}\n{"kind":"shadow"}\n`);
    expect(() => readJsonLinesEvidence(file)).toThrow(/evidence\.jsonl:2: .*not an evidence event/);
    fs.writeFileSync(file, `${JSON.stringify(held)}\n{not json\n`);
    expect(() => readJsonLinesEvidence(file)).toThrow(/evidence\.jsonl:2: .*not JSON/);
    expect(readJsonLinesEvidence(path.join(path.dirname(file), 'none.jsonl'), { missing: 'empty' })).toEqual([]);
    expect(() => readJsonLinesEvidence(path.join(path.dirname(file), 'none.jsonl'))).toThrow(/ENOENT/);
  });

  it('two processes appending to one file at once never interleave partial lines', async () => {
    const file = path.join(tempDir(), 'shared.jsonl');
    const child = path.join(import.meta.dirname, 'children', 'append-evidence.ts');
    const count = 300;
    await Promise.all(
      ['one', 'two'].map((writer) =>
        run(process.execPath, ['--import', 'jiti/register', child, file, writer, String(count)], { cwd: root }),
      ),
    );
    const events = readJsonLinesEvidence(file);
    expect(events).toHaveLength(2 * count);
    for (const writer of ['one', 'two']) {
      const mine = events
        .filter((event) => event.operationId === `writer.${writer}`)
        .map((event) => Number(String((event as { message: string }).message).split(':')[0]));
      expect(mine).toEqual(Array.from({ length: count }, (_, index) => index));
    }
  });
});

describe('OpenTelemetry sink', () => {
  it('fails with a clear OptionalDependencyMissingError when @opentelemetry/api is not installed', async () => {
    const failure = await openTelemetrySink().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OptionalDependencyMissingError);
    expect((failure as Error).message).toBe(
      "the OpenTelemetry evidence sink needs the optional package '@opentelemetry/api', which cannot be imported: install it (npm install @opentelemetry/api)",
    );
    expect((failure as OptionalDependencyMissingError).packageName).toBe('@opentelemetry/api');
  });

  function fakeOtel(active: boolean) {
    const log: Array<[string, string, Record<string, unknown>?]> = [];
    const span = (name: string) => ({
      addEvent: (event: string, attributes?: Record<string, unknown>) => log.push([name, event, attributes]),
      end: () => log.push([name, 'end']),
    });
    const api: OtelApiLike = {
      trace: {
        getActiveSpan: () => (active ? span('request') : undefined),
        getTracer: (tracer) => ({ startSpan: (name) => span(`${tracer}/${name}`) }),
      },
    };
    return { api, log };
  }

  it('adds a span event with flat plumbline.* attributes to the active span', async () => {
    const { api, log } = fakeOtel(true);
    const sink = await openTelemetrySink({ load: async () => ({ default: api }) });
    sink.record({ ...mismatch, labels: { test: 'refund' } });
    expect(log).toEqual([
      [
        'request',
        'plumbline.evidence',
        {
          'plumbline.kind': 'shadow',
          'plumbline.operationId': 'a.b',
          'plumbline.outcome': 'mismatch',
          'plumbline.diff.paths': ['items[0].price'],
          'plumbline.diff.truncated': false,
          'plumbline.label.test': 'refund',
        },
      ],
    ]);
  });

  it('without an active span, starts and ends a short span, or drops the event when told to', async () => {
    const { api, log } = fakeOtel(false);
    const sink = await openTelemetrySink({ load: async () => api, tracerName: 'svc' });
    sink.record(held);
    expect(log).toEqual([
      ['svc/plumbline a.b', 'plumbline.evidence', spanEventAttributes(held)],
      ['svc/plumbline a.b', 'end'],
    ]);
    const dropping = await openTelemetrySink({ load: async () => api, whenNoActiveSpan: 'drop' });
    dropping.record(held);
    expect(log).toHaveLength(2);
  });

  it('refuses a loaded module that is not the OpenTelemetry API', async () => {
    await expect(openTelemetrySink({ load: async () => ({ trace: {} }) })).rejects.toThrow(/does not look like @opentelemetry\/api/);
  });
});

describe('sink combinators', () => {
  it('teeSink feeds every sink even when one throws, then rethrows the first error', () => {
    const first = memorySink();
    const second = memorySink();
    const failing = {
      record: () => {
        throw new Error('broken');
      },
    };
    const tee = teeSink(first, failing, second);
    expect(() => tee.record(held)).toThrow('broken');
    expect(first.events).toEqual([held]);
    expect(second.events).toEqual([held]);
  });

  it('withLabels adds labels read at record time, without touching the original event', () => {
    const inner = memorySink();
    let test = 'first test';
    const sink = withLabels(inner, () => ({ test }));
    sink.record(held);
    test = 'second test';
    sink.record(held);
    withLabels(inner, {}).record(held);
    expect(inner.events.map((event) => event.labels)).toEqual([{ test: 'first test' }, { test: 'second test' }, undefined]);
    expect(held.labels).toBeUndefined();
  });
});
