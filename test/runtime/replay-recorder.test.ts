import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createOperationRegistry,
  defineOperation,
  recordDecisions,
  REDACTED,
  replayCaseFileSink,
  replayContractJsonSchema,
  ReplayCaseSchema,
  RuntimeConfigurationError,
  type ReplayCase,
} from '../../runtime/index.js';
import { REPO_ROOT } from '../helpers/paths.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'plumbline-recorder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ctx {
  tenant: string;
  now: string;
}

function setup() {
  const registry = createOperationRegistry<Ctx>();
  registry.register(
    defineOperation({
      id: 'loans.decide',
      owner: 'loans',
      handler: (input: { amount: number; applicant: { name: string; ssn: string } }) => {
        if (input.amount < 0) throw new RangeError('negative amount');
        return { decision: input.amount > 100 ? 'deny' : 'allow', token: 'secret-token', at: new Date('2026-01-01T00:00:00Z') };
      },
    }),
    defineOperation({ id: 'loans.quote', owner: 'loans', handler: async (input: { amount: number }) => ({ fee: input.amount / 100 }) }),
  );
  const cases: ReplayCase[] = [];
  return { registry, cases, sink: { record: (entry: ReplayCase) => cases.push(entry) } };
}

const ctx: Ctx = { tenant: 'acme', now: '2026-03-01T12:00:00.000Z' };
const applicant = { name: 'Ada', ssn: '123-45-6789' };

describe('recordDecisions', () => {
  it('records input, output (as JSON), context and capture metadata, with configured paths redacted', () => {
    const { registry, cases, sink } = setup();
    const recorder = recordDecisions(registry, sink, {
      redact: ['input.applicant.ssn', 'output.token'],
      context: (c: Ctx) => ({ tenant: c.tenant, time: c.now }),
      source: 'loans-api@1.2.3',
      clock: () => '2026-03-01T12:00:01.000Z',
    });
    const output = registry.execute<{ token: string }>('loans.decide', { amount: 50, applicant }, ctx);
    expect(output.token).toBe('secret-token');
    expect(cases).toEqual([
      {
        operation: 'loans.decide',
        input: { amount: 50, applicant: { name: 'Ada', ssn: REDACTED } },
        context: { tenant: 'acme', time: '2026-03-01T12:00:00.000Z' },
        output: { decision: 'allow', token: REDACTED, at: '2026-01-01T00:00:00.000Z' },
        capture: { source: 'loans-api@1.2.3', redacted: ['input.applicant.ssn', 'output.token'], capturedAt: '2026-03-01T12:00:01.000Z' },
      },
    ]);
    expect(ReplayCaseSchema.safeParse(cases[0]).success).toBe(true);
    expect(recorder.recorded).toBe(1);
    recorder.stop();
    registry.execute('loans.decide', { amount: 50, applicant }, ctx);
    expect(cases).toHaveLength(1);
  });

  it('records what a call threw, and awaits asynchronous outputs', async () => {
    const { registry, cases, sink } = setup();
    recordDecisions(registry, sink);
    expect(() => registry.execute('loans.decide', { amount: -1, applicant }, ctx)).toThrow('negative amount');
    await registry.execute('loans.quote', { amount: 300 }, ctx);
    await new Promise((resolve) => setImmediate(resolve));
    expect(cases).toEqual([
      { operation: 'loans.decide', input: { amount: -1, applicant }, error: { name: 'RangeError', message: 'negative amount' } },
      { operation: 'loans.quote', input: { amount: 300 }, output: { fee: 3 } },
    ]);
  });

  it('samples with the injected random source and records only the listed operations', () => {
    const { registry, cases, sink } = setup();
    const draws = [0.1, 0.9, 0.2, 0.3];
    recordDecisions(registry, sink, { sampleRate: 0.25, random: () => draws.shift() ?? 1, operations: ['loans.decide'] });
    for (const amount of [1, 2, 3, 4]) registry.execute('loans.decide', { amount, applicant }, ctx);
    void registry.execute('loans.quote', { amount: 5 }, ctx);
    expect(cases.map((entry) => (entry.input as { amount: number }).amount)).toEqual([1, 3]);
    expect(cases[0]?.capture).toEqual({ sampleRate: 0.25 });
  });

  it('never changes the outcome: a failing sink or an input without JSON form goes to onError', () => {
    const { registry } = setup();
    const errors: string[] = [];
    recordDecisions(
      registry,
      {
        record: () => {
          throw new Error('disk full');
        },
      },
      { onError: (error, id) => errors.push(`${id}: ${(error as Error).message}`) },
    );
    expect(registry.execute<{ decision: string }>('loans.decide', { amount: 1, applicant }, ctx).decision).toBe('allow');
    const cyclic: Record<string, unknown> = { amount: 1, applicant };
    cyclic.self = cyclic;
    expect(registry.execute<{ decision: string }>('loans.decide', cyclic, ctx).decision).toBe('allow');
    expect(errors).toEqual(['loans.decide: disk full', 'loans.decide: a cycle at input.self has no JSON form']);
  });

  it('refuses bad options and bad redaction patterns', () => {
    const { registry, sink } = setup();
    expect(() => recordDecisions(registry, sink, { sampleRate: 0 })).toThrow(RuntimeConfigurationError);
    expect(() => recordDecisions(registry, sink, { redact: ['a..b'] })).toThrow(/is not a path pattern/);
    expect(() => recordDecisions(registry, {} as never)).toThrow(/must be a sink/);
  });

  it('writes cases to a JSON Lines file that the contract (and its JSON Schema) accepts', () => {
    const { registry } = setup();
    const file = path.join(dir, 'captures', 'cases.jsonl');
    recordDecisions(registry, replayCaseFileSink(file));
    registry.execute('loans.decide', { amount: 500, applicant }, ctx);
    registry.execute('loans.decide', { amount: 5, applicant }, ctx);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(lines).toHaveLength(2);
    const validate = new Ajv2020({ strict: false }).compile(replayContractJsonSchema());
    for (const line of lines) expect(validate(line), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ operation: 'loans.decide' })).toBe(false);
    // The build ships the same schema as @plumbline-kit/plumbline/replay-contract.schema.json.
    const shipped = JSON.parse(readFileSync(path.join(REPO_ROOT, 'dist/replay-contract.schema.json'), 'utf8')) as unknown;
    expect(shipped).toEqual(replayContractJsonSchema());
  });
});

describe('registry observers', () => {
  it('see every execution until removed, and cannot break it by throwing', () => {
    const { registry } = setup();
    const seen: string[] = [];
    const remove = registry.observe(({ operationId }) => {
      seen.push(operationId);
      return () => {
        throw new Error('observer bug');
      };
    });
    registry.observe(() => {
      throw new Error('another bug');
    });
    expect(registry.execute<{ decision: string }>('loans.decide', { amount: 1, applicant }, ctx).decision).toBe('allow');
    remove();
    registry.execute('loans.decide', { amount: 1, applicant }, ctx);
    expect(seen).toEqual(['loans.decide']);
    expect(() => registry.observe('nope' as never)).toThrow(RuntimeConfigurationError);
  });
});
