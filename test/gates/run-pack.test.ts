import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Finding } from '../../core/contracts.js';
import { ConfigError } from '../../config/errors.js';
import { resolveConfig } from '../../config/resolve.js';
import { runGatePack, type PackOptions } from '../../gates/runner/run-pack.js';
import type { Gate } from '../../gates/runner/gate-contract.js';

const layers = { core: { paths: ['src/core/**'] } };

function config(extra: Record<string, unknown> = {}) {
  return resolveConfig({ layers, ...extra }, { cwd: '/project' });
}

const finding = (severity: Finding['severity'], file = 'src/a.ts', line = 1): Finding => ({
  ruleId: 'test/rule',
  severity,
  message: `a ${severity}`,
  file,
  line,
  column: 1,
});

function gate(id: string, run: Gate['run']): Gate {
  return { id, title: `Gate ${id}`, description: 'test gate', settings: z.unknown(), rules: [], run };
}

const passing = gate('passing', async () => ({ findings: [finding('warning')], metrics: { checked: 3 } }));
const failing = gate('failing', async () => ({ findings: [finding('error', 'src/b.ts', 9), finding('error', 'src/a.ts', 2)] }));
const throwing = gate('throwing', async () => {
  throw new Error('database unreachable\nstack…');
});
const hanging = gate('hanging', (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve({ findings: [] }))));

function run(options: Partial<PackOptions> & Pick<PackOptions, 'gates'>) {
  return runGatePack({ config: config(), evidenceDir: '/project/.plumbline/evidence', today: '2026-11-26', ...options });
}

describe('runGatePack', () => {
  it('passes when every gate passes; warnings do not fail', async () => {
    const pack = await run({ gates: [passing] });
    expect(pack).toMatchObject({ passed: true, exitCode: 0, mode: 'strict' });
    expect(pack.gates[0]).toMatchObject({ id: 'passing', status: 'pass', metrics: { checked: 3 } });
  });

  it('fails on an error finding, and sorts findings by file and line', async () => {
    const pack = await run({ gates: [passing, failing] });
    expect(pack).toMatchObject({ passed: false, exitCode: 1 });
    expect(pack.gates[1]?.status).toBe('fail');
    expect(pack.gates[1]?.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['src/a.ts:2', 'src/b.ts:9']);
  });

  it('lists a gate with nothing to check as not run, never as passed; one that also has findings is judged as usual', async () => {
    const idle = gate('idle', async () => ({ findings: [], nothingToCheck: 'not configured: gates.idle is not set' }));
    const idleButBroken = gate('broken', async () => ({ findings: [finding('error')], nothingToCheck: 'not configured' }));
    const events: string[] = [];
    const pack = await run({ gates: [idle, passing, idleButBroken], onEvent: (event) => events.push(event.kind) });
    expect(pack.gates.map((g) => `${g.id}:${g.status}`)).toEqual(['passing:pass', 'broken:fail']);
    expect(pack.skipped).toEqual([{ gate: 'idle', reason: 'not configured: gates.idle is not set' }]);
    expect(events.slice(0, 2)).toEqual(['gate-start', 'gate-not-run']);
  });

  describe('gate settings', () => {
    const IdleSettings = z.object({ level: z.number().int().default(1) }).strict();
    const withGates = (gates: Record<string, unknown>) => {
      const base = config();
      return { ...base, gates: { ...base.gates, ...gates } } as typeof base;
    };
    const seen: unknown[] = [];
    const configurable: Gate<z.output<typeof IdleSettings>> = {
      id: 'idle',
      title: 'Idle',
      description: 'test gate',
      settings: IdleSettings,
      unconfigured: 'not configured: gates.idle is not set',
      rules: [{ id: 'idle/rule', description: 'a rule' }],
      run: async (_ctx, settings) => (seen.push(settings), { findings: [finding('warning')] }),
    };

    it('parses gates.<id> once and hands the gate its settings, defaults filled; without them the gate is not run', async () => {
      seen.length = 0;
      const absent = await run({ config: withGates({}), gates: [configurable, passing] });
      expect(absent.skipped).toEqual([{ gate: 'idle', reason: 'not configured: gates.idle is not set' }]);
      expect(seen).toEqual([]);
      const present = await run({ config: withGates({ idle: {} }), gates: [configurable] });
      expect(seen).toEqual([{ level: 1 }]);
      // An outcome that lists no rules reports the gate's catalog.
      expect(present.gates[0]?.rules).toEqual([{ id: 'idle/rule', description: 'a rule' }]);
    });

    it('asks the gate whether the config gives it anything to check before running it', async () => {
      const hook: Gate<z.output<typeof IdleSettings>> = {
        ...configurable,
        unconfigured: undefined,
        nothingToCheck: (_config, settings) => `level ${settings.level}`,
      };
      const pack = await run({ config: withGates({}), gates: [hook, passing] });
      expect(pack.skipped).toEqual([{ gate: 'idle', reason: 'level 1' }]);
    });

    it('fails closed on settings its schema rejects, naming the field', async () => {
      const pack = await run({ config: withGates({ idle: { level: 'high' } }), gates: [configurable] });
      expect(pack.gates[0]?.status).toBe('error');
      expect(pack.gates[0]?.reason).toMatch(/invalid settings: gates\.idle\.level: /);
    });
  });

  it('a pack in which no gate ran fails (strict) and only warns in monitor mode, never passes', async () => {
    const idle = gate('idle', async () => ({ findings: [], nothingToCheck: 'not configured: gates.idle is not set' }));
    const alone = await run({ gates: [idle] });
    expect(alone).toMatchObject({ gates: [], passed: false, exitCode: 1 });
    expect(alone.problem).toMatch(/no gate ran/);
    const deselected = await run({ gates: [passing], only: ['passing'], skip: ['passing'] });
    expect(deselected).toMatchObject({ gates: [], passed: false, exitCode: 1 });
    const monitored = await run({ gates: [passing], skip: ['passing'], mode: 'monitor' });
    expect(monitored).toMatchObject({ passed: false, exitCode: 0 });
    expect(monitored.problem).toMatch(/no gate ran/);
  });

  it('fails closed: a gate that throws is an error that fails the pack', async () => {
    const pack = await run({ gates: [throwing, passing] });
    expect(pack.exitCode).toBe(1);
    expect(pack.gates[0]).toMatchObject({ status: 'error', reason: "gate 'throwing' crashed: database unreachable" });
    expect(pack.gates[0]?.findings[0]?.ruleId).toBe('plumbline/gate-error');
    expect(pack.gates[1]?.status).toBe('pass');
  });

  it('fails closed: a gate that outlives its timeout is an error, and is told to stop', async () => {
    let aborted = false;
    const watching = gate('hanging', (ctx) => {
      ctx.signal.addEventListener('abort', () => {
        aborted = true;
      });
      return new Promise(() => {});
    });
    const pack = await run({ config: config({ gates: { timeoutMs: 50 } }), gates: [watching] });
    expect(pack.gates[0]).toMatchObject({ status: 'error' });
    expect(pack.gates[0]?.reason).toMatch(/timed out after 50 ms/);
    expect(aborted).toBe(true);
    expect(pack.exitCode).toBe(1);
  });

  it('honours a per-gate timeout over the default', async () => {
    const pack = await run({
      config: config({ gates: { timeoutMs: 60_000, static: { timeoutMs: 30 } } }),
      gates: [{ ...hanging, id: 'static' }],
    });
    expect(pack.gates[0]?.reason).toMatch(/timed out after 30 ms/);
  });

  it('runs gates in their fixed order, whatever the order of --only', async () => {
    const order: string[] = [];
    const record = (id: string) => gate(id, async () => (order.push(id), { findings: [] }));
    const pack = await run({ gates: [record('a'), record('b'), record('c')], only: ['c', 'a'] });
    expect(order).toEqual(['a', 'c']);
    expect(pack.skipped).toEqual([{ gate: 'b', reason: 'not selected by --only' }]);
  });

  it('--skip leaves a gate out and says so', async () => {
    const pack = await run({ gates: [passing, failing], skip: ['failing'] });
    expect(pack.passed).toBe(true);
    expect(pack.skipped).toEqual([{ gate: 'failing', reason: 'skipped by --skip' }]);
  });

  it('--fail-fast stops after the first gate that does not pass', async () => {
    const pack = await run({ gates: [failing, passing], failFast: true });
    expect(pack.gates.map((g) => g.id)).toEqual(['failing']);
    expect(pack.skipped).toEqual([{ gate: 'passing', reason: '--fail-fast: an earlier gate did not pass' }]);
  });

  it('rejects unknown gate names in --only, --skip and deferred, naming each', async () => {
    await expect(run({ gates: [passing], only: ['pasing'], skip: ['x'] })).rejects.toThrow(ConfigError);
    try {
      await run({ config: config({ deferred: [{ gate: 'mutaton', reason: 'later', until: '2027-01-31' }] }), gates: [passing] });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([{ path: 'deferred[0].gate', message: "unknown gate 'mutaton' (gates: passing)" }]);
    }
  });

  it('monitor mode reports violations but exits 0', async () => {
    const pack = await run({ gates: [failing, throwing], mode: 'monitor' });
    expect(pack).toMatchObject({ mode: 'monitor', passed: false, exitCode: 0 });
    expect(pack.gates.map((g) => g.status)).toEqual(['fail', 'error']);
  });

  describe('deferred gates', () => {
    const deferredConfig = (until?: string, mode = 'strict') =>
      config({ mode, deferred: [{ gate: 'failing', reason: 'engines are being rewritten', ...(until ? { until } : {}) }] });

    it('a deferral before its until date is not run and passes, with its reason', async () => {
      const pack = await run({ config: deferredConfig('2027-01-31'), gates: [failing] });
      expect(pack.passed).toBe(true);
      expect(pack.gates[0]).toMatchObject({ status: 'deferred', reason: 'deferred: engines are being rewritten (until 2027-01-31)' });
      expect(pack.deferred).toEqual([{ gate: 'failing', reason: 'engines are being rewritten', until: '2027-01-31', expired: false }]);
    });

    it('holds through its until day and fails the day after', async () => {
      expect((await run({ config: deferredConfig('2026-11-26'), gates: [failing] })).passed).toBe(true);
      const expired = await run({ config: deferredConfig('2026-11-25'), gates: [failing] });
      expect(expired.passed).toBe(false);
      expect(expired.gates[0]?.status).toBe('fail');
      expect(expired.gates[0]?.findings[0]?.message).toMatch(/expired on 2026-11-25 \(reason given: engines are being rewritten\)/);
      expect(expired.deferred[0]?.expired).toBe(true);
    });

    it('strict mode needs an until date; monitor mode accepts an open deferral', async () => {
      const strict = await run({ config: deferredConfig(undefined, 'strict'), gates: [failing] });
      expect(strict.gates[0]?.status).toBe('fail');
      expect(strict.gates[0]?.findings[0]?.message).toMatch(/has no 'until' date, which strict mode requires/);
      const monitor = await run({ config: deferredConfig(undefined, 'monitor'), gates: [failing] });
      expect(monitor.gates[0]?.status).toBe('deferred');
      expect(monitor.passed).toBe(true);
    });

    it('--strict overrides a monitor config', async () => {
      const pack = await run({ config: deferredConfig(undefined, 'monitor'), gates: [failing], mode: 'strict' });
      expect(pack).toMatchObject({ mode: 'strict', passed: false, exitCode: 1 });
    });
  });

  it('reports progress events in order', async () => {
    const events: string[] = [];
    const chatty = gate('chatty', async (ctx) => {
      ctx.progress('half way');
      return { findings: [] };
    });
    await run({ gates: [chatty], onEvent: (event) => events.push(event.kind === 'gate-progress' ? event.message : event.kind) });
    expect(events).toEqual(['gate-start', 'half way', 'gate-end']);
  });
});
