import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors.js';
import { resolveConfig } from '../../config/resolve.js';
import { loadContract } from '../../gates/shared/database/contract-load.js';
import { readBaselineFile, renderBaseline } from '../../core/baseline/baseline-file.js';
import { parseIncidentRecord } from '../../gates/incidents/incident-record.js';
import { readBaseline } from '../../gates/mutation/baseline.js';
import { readEvidenceFile } from '../../gates/shared/recorded-evidence/read-evidence.js';
import { readCases, ReplayInputError } from '../../gates/replay/read-cases.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * Bad input never crashes and never passes: every invalid config is a
 * ConfigError naming the field's path (exit 2 from the CLI, no stack trace),
 * and every damaged replay input, data contract, mutation baseline and
 * recorded evidence file is refused with a reason, never read as valid.
 */

const dir = mkdtempSync(path.join(os.tmpdir(), 'plumbline-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCounter = 0;
const writeTemp = (name: string, text: string) => {
  const file = path.join(dir, `${fileCounter++}-${name}`);
  writeFileSync(file, text);
  return file;
};

const validBase = () => ({
  include: ['src/**/*.ts'],
  layers: {
    api: { paths: ['src/api/**'], mayImport: ['core'] },
    core: { paths: ['src/core/**'], mayImport: ['store'] },
    store: { paths: ['src/store/**'], mayImport: [] as string[] },
  },
  mode: 'strict',
});
type Base = ReturnType<typeof validBase> & Record<string, unknown>;

/** One way to break the config, and the field path the error must name. */
interface Breakage {
  category: string;
  apply(config: Base): void;
  path: string;
}

const wrongValue = fc.constantFrom<unknown>(5, 'x', true, null, [], {}, [1], -1, 1.5);
const unknownKey = fc.constantFrom('colour', 'layer', 'mayimport', 'Paths', 'timeout');
const layerName = fc.constantFrom<'api' | 'core' | 'store'>('api', 'core', 'store');

const breakages: fc.Arbitrary<Breakage> = fc.oneof(
  fc
    .tuple(fc.constantFrom('include', 'mode', 'evidenceDir', 'deferred', 'bannedFiles', 'unassigned', 'redact', 'domains'), wrongValue)
    .filter(
      ([field, value]) =>
        !(field === 'deferred' || field === 'bannedFiles' || field === 'domains' || field === 'redact'
          ? Array.isArray(value) && value.length === 0
          : false),
    )
    .filter(([field, value]) => !(field === 'include' && Array.isArray(value) && value.length === 0))
    .filter(([field, value]) => !(field === 'evidenceDir' && typeof value === 'string'))
    .map(([field, value]) => ({
      category: 'wrong type',
      apply: (c: Base) => void ((c as Record<string, unknown>)[field] = value),
      path: field,
    })),
  fc.tuple(layerName, fc.constantFrom<unknown>(5, 'src/**', null, [3], [''])).map(([layer, value]) => ({
    category: 'wrong type in a layer',
    apply: (c: Base) => void ((c.layers[layer] as Record<string, unknown>).paths = value),
    path: `layers.${layer}.paths`,
  })),
  unknownKey.map((key) => ({ category: 'unknown key', apply: (c: Base) => void ((c as Record<string, unknown>)[key] = 1), path: key })),
  fc.tuple(layerName, unknownKey).map(([layer, key]) => ({
    category: 'unknown key in a layer',
    apply: (c: Base) => void ((c.layers[layer] as Record<string, unknown>)[key] = 1),
    path: `layers.${layer}.${key}`,
  })),
  fc.tuple(fc.constantFrom('timeout', 'statik', 'mutaton'), wrongValue).map(([key]) => ({
    category: 'unknown gate',
    apply: (c: Base) => void (c.gates = { [key]: {} }),
    path: `gates.${key}`,
  })),
  fc.constantFrom<number | string>(0, -5, 'soon', 1.5, 1e12).map((value) => ({
    category: 'bad timeout',
    apply: (c: Base) => void (c.gates = { timeoutMs: value }),
    path: 'gates.timeoutMs',
  })),
  layerName.map((layer) => ({
    category: 'empty layer',
    apply: (c: Base) => void (c.layers[layer].paths = []),
    path: `layers.${layer}.paths`,
  })),
  fc.tuple(layerName, fc.constantFrom('spine', 'Core', 'stor', 'models')).map(([layer, target]) => ({
    category: 'unknown layer reference',
    apply: (c: Base) => void (c.layers[layer].mayImport = [...c.layers[layer].mayImport, target]),
    path: `layers.${layer}.mayImport[${c_len(layer)}]`,
  })),
  fc
    .constantFrom({ glob: 'src/api/**', owner: 'api' }, { glob: 'src/**', owner: 'api' }, { glob: './src/api/**', owner: 'api' })
    .map(({ glob }) => ({
      category: 'overlapping layer globs',
      apply: (c: Base) => void ((c.layers.api.paths = [glob]), (c.layers.core.paths = ['src/core/**', 'src/api/handlers/**'])),
      path: 'layers.core.paths[1]',
    })),
  fc.constantFrom('api', 'core').map((from) => ({
    category: 'mayImport cycle',
    apply: (c: Base) => void (c.layers.store.mayImport = [from]),
    path: 'layers.store.mayImport[0]',
  })),
  fc.constantFrom('(', '[a-', '(?i)', '.*', 'a|').map((pattern) => ({
    category: 'bad secret pattern',
    apply: (c: Base) => void (c.redact = ['password=\\S+', pattern]),
    path: 'redact[1]',
  })),
  fc.constantFrom('2026-02-30', 'tomorrow', '').map((until) => ({
    category: 'bad deferral',
    apply: (c: Base) => void (c.deferred = [{ gate: 'static', reason: 'later', until }]),
    path: 'deferred[0].until',
  })),
);

function c_len(layer: 'api' | 'core' | 'store'): number {
  return validBase().layers[layer].mayImport.length;
}

function problemsOf(raw: unknown): ConfigError {
  try {
    resolveConfig(raw, { cwd: dir });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw new Error(`not a ConfigError: ${String(error)}`, { cause: error });
  }
  throw new Error('the invalid config was accepted');
}

describe('config validation (property)', () => {
  it('the base config is valid, so each breakage alone is what the error is about', () => {
    expect(() => resolveConfig(validBase(), { cwd: dir })).not.toThrow();
  });

  it('every invalid config is a ConfigError naming the bad field, never a crash or a pass', () => {
    fc.assert(
      fc.property(fc.array(breakages, { minLength: 1, maxLength: 3 }), (chosen) => {
        const config = validBase() as Base;
        // Breakages of the same top-level field overwrite each other: the last one decides it.
        const applied = chosen.filter((b, i) => !chosen.slice(i + 1).some((later) => slotOf(later) === slotOf(b)));
        for (const breakage of applied) breakage.apply(config);
        const error = problemsOf(config);
        const paths = error.problems.map((problem) => problem.path);
        for (const breakage of applied) {
          const named = paths.some((p) => p === breakage.path || p.startsWith(`${breakage.path}.`) || p.startsWith(`${breakage.path}[`));
          expect(named, `${breakage.category} (${breakage.path}): ${error.message}`).toBe(true);
        }
        expect(error.message).not.toMatch(/\n\s+at /);
      }),
      { numRuns: 300, seed: 4242 },
    );
  });

  it('specific-before-general layer orders, disjoint globs and type-only references back stay valid (no false alarms)', () => {
    const ok = {
      layers: {
        entries: { paths: ['src/domains/*/index.ts'], mayImport: ['engines'] },
        engines: { paths: ['src/domains/*/engines/**', 'packages/*/src/engines/**'], mayImport: ['models'], mayImportTypes: ['rest'] },
        models: { paths: ['src/models/**'] },
        rest: { paths: ['src/**', 'scripts/*.ts'], mayImport: ['models', 'rest'] },
      },
    };
    expect(() => resolveConfig(ok, { cwd: dir })).not.toThrow();
    // Each preset is valid as shipped.
    for (const preset of ['hoc', 'hexagonal', 'clean']) expect(() => resolveConfig({ preset }, { cwd: dir })).not.toThrow();
  });

  it('exits 2 from the CLI with every field path and no stack trace', () => {
    const project = mkdtempSync(path.join(dir, 'cli-'));
    writeFileSync(
      path.join(project, 'plumbline.config.json'),
      JSON.stringify({
        layers: {
          api: { paths: ['src/**'], mayImport: ['core'] },
          core: { paths: ['src/core/**'], mayImport: ['api'] },
          empty: { paths: [] },
        },
        mode: 'sometimes',
        colour: 'blue',
      }),
    );
    const result = runCli(['check'], project);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('layers.core.paths[0]');
    expect(result.stderr).toContain('layers.core.mayImport[0]: mayImport forms a cycle api -> core -> api');
    expect(result.stderr).toContain('layers.empty.paths');
    expect(result.stderr).toContain('mode');
    expect(result.stderr).toContain('colour: unknown field');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

/** The top-level field a breakage overwrites: of two breakages of one field only the later one stands. */
function slotOf(breakage: Breakage): string {
  return breakage.path.split(/[.[]/)[0] as string;
}

describe('damaged inputs (property)', () => {
  const jsonish = fc.oneof(
    fc.json(),
    fc.string(),
    fc.jsonValue().map((value) => JSON.stringify({ operation: 'a.b', input: value })),
    fc.jsonValue().map((value) => JSON.stringify({ operation: 'policies.evaluate', input: value, output: value }).slice(0, 30)),
  );

  it('replay inputs: every line is a case or an invalid entry with its line; a broken file is a ReplayInputError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(jsonish, { maxLength: 6 }), fc.constantFrom('.jsonl', '.json'), async (lines, ext) => {
        const text = ext === '.jsonl' ? lines.join('\n') : `[${lines.join(',\n')}`;
        const file = writeTemp(`cases${ext}`, text);
        try {
          for await (const record of readCases(file, 'cases')) {
            expect(['case', 'invalid']).toContain(record.kind);
            expect(record.line).toBeGreaterThanOrEqual(1);
            expect(record.line).toBeLessThanOrEqual(text.split('\n').length);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(ReplayInputError);
        }
      }),
      { numRuns: 120, seed: 7 },
    );
  });

  const yamlish = fc.oneof(
    fc.jsonValue().map((value) => JSON.stringify({ tables: value })),
    fc.string(),
    fc.constantFrom(
      'tables:\n  users:\n    columns:\n      id: { type: integer }\n',
      'tables: [',
      ': :',
      'tables:\n  "x; DROP TABLE y":\n    columns: {}\n',
    ),
  );

  it('data contracts: a damaged contract is a list of problems with lines, never a throw and never loaded', async () => {
    await fc.assert(
      fc.asyncProperty(yamlish, fc.nat(), async (text, cut) => {
        const body = text.slice(0, Math.max(1, cut % (text.length + 1)));
        const file = writeTemp('contract.yaml', body);
        const result = await loadContract(dir, file);
        if (result.loaded === undefined) expect(result.problems.length).toBeGreaterThan(0);
        else expect(result.problems).toEqual([]);
        for (const problem of result.problems) expect(Number.isInteger(problem.line ?? 0)).toBe(true);
      }),
      { numRuns: 120, seed: 11 },
    );
  });

  it('mutation baseline: any damage of a valid baseline is corrupt (never ok with other numbers)', () => {
    const valid = `${JSON.stringify({ schemaVersion: 1, strykerVersion: '9.6.1', configHash: 'abc', overall: 80.5, files: { 'src/a.ts': 80.5, 'src/b.ts': 100 } }, null, 2)}\n`;
    expect(readBaseline(writeTemp('mutation.json', valid)).kind).toBe('ok');
    fc.assert(
      fc.property(fc.nat({ max: valid.length - 1 }), fc.option(fc.integer({ min: 32, max: 126 })), (at, replacement) => {
        const damaged =
          replacement === null ? valid.slice(0, at) : `${valid.slice(0, at)}${String.fromCharCode(replacement)}${valid.slice(at + 1)}`;
        const read = readBaseline(writeTemp('mutation.json', damaged));
        if (read.kind === 'ok') {
          // A flip may still be valid JSON of the right shape (a digit for a digit): then it must read what it says.
          expect(read.baseline).toEqual(JSON.parse(damaged));
        } else {
          expect(read.kind).toBe('corrupt');
        }
      }),
      { numRuns: 200, seed: 13 },
    );
  });

  it('findings baseline: any damage is corrupt with a reason, or reads exactly what the damaged text says', () => {
    const entry = {
      rule: 'plumbline/layer-boundaries',
      file: 'src/api/a.ts',
      symbol: 'function handle',
      hash: 'a1b2c3d4e5f6',
      code: "import { db } from '../drivers/db'",
      count: 2,
    };
    const valid = renderBaseline({ schemaVersion: 1, findings: [entry], metrics: {} });
    expect(readBaselineFile(writeTemp('baseline.json', valid)).kind).toBe('ok');
    fc.assert(
      fc.property(fc.nat({ max: valid.length - 1 }), fc.option(fc.integer({ min: 32, max: 126 })), (at, replacement) => {
        const damaged =
          replacement === null ? valid.slice(0, at) : `${valid.slice(0, at)}${String.fromCharCode(replacement)}${valid.slice(at + 1)}`;
        const read = readBaselineFile(writeTemp('baseline.json', damaged));
        if (read.kind === 'ok') expect(read.baseline).toEqual(JSON.parse(damaged));
        else expect(read).toMatchObject({ kind: 'corrupt', reason: expect.stringMatching(/\S/) });
      }),
      { numRuns: 200, seed: 19 },
    );
  });

  it('incident front matter: any damage is a problem at a line inside the record, or a valid record; never a throw', () => {
    const valid = [
      '---',
      'incident_id: INC-2026-001',
      'title: A deny was overridden',
      'date: 2026-02-11',
      'owner: policies',
      'status: resolved',
      'invariants:',
      '  - INV-POLICIES-001',
      'tests:',
      '  - file: test/policies.test.ts',
      '    name: conflicts > deny wins',
      '---',
      '',
      '# What happened',
      '',
    ].join('\n');
    expect(parseIncidentRecord('incidents/INC-2026-001.md', valid).ok).toBe(true);
    fc.assert(
      fc.property(
        fc.nat({ max: valid.length - 1 }),
        fc.option(fc.constantFrom(':', '-', ' ', '\n', '[', '"', '#', 'x', '\t', '{')),
        (at, replacement) => {
          const damaged = replacement === null ? valid.slice(0, at) : `${valid.slice(0, at)}${replacement}${valid.slice(at + 1)}`;
          const parsed = parseIncidentRecord('incidents/INC-2026-001.md', damaged);
          if (parsed.ok) return;
          expect(parsed.problems.length).toBeGreaterThan(0);
          const lines = damaged.split('\n').length;
          for (const problem of parsed.problems) {
            expect(problem.message).toMatch(/\S/);
            expect(problem.line).toBeGreaterThanOrEqual(1);
            expect(problem.line).toBeLessThanOrEqual(lines);
          }
        },
      ),
      { numRuns: 300, seed: 23 },
    );
  });

  it('recorded evidence: a file cut anywhere but at a line end is refused, never read as the events before the cut', () => {
    const event = (checkId: string) =>
      JSON.stringify({ operationId: 'policies.evaluate', checkId, kind: 'invariant', mode: 'enforce', outcome: 'held' });
    const valid = `${event('INV-1')}\n${event('INV-2')}\n${event('INV-3')}\n`;
    const whole = readEvidenceFile(writeTemp('evidence.jsonl', valid));
    if (!whole.ok) throw new Error(`the sample evidence is not valid: ${whole.problem}`);
    fc.assert(
      fc.property(fc.nat({ max: valid.length - 1 }), (cut) => {
        const text = valid.slice(0, cut);
        const read = readEvidenceFile(writeTemp('evidence.jsonl', text));
        if (text.endsWith('\n')) expect(read.ok).toBe(true);
        else expect(read.ok).toBe(false);
      }),
      { numRuns: 150, seed: 17 },
    );
  });
});
