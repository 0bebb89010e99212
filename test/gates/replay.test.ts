import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig, type ResolvedConfig } from '../../config/resolve.js';
import { ReplaySetupError } from '../../gates/replay/git-repository.js';
import { replayGate } from '../../gates/replay/gate.js';
import { runReplay, type ReplayOptions } from '../../gates/replay/replay-run.js';
import { runGatePack } from '../../gates/runner/run-pack.js';

/** A small decision module; each scenario commits it twice (baseline, then candidate). */
const DECIDE = `
export function decideLoan(input: { amount: number; score: number }) {
  if (input.score < 500) return { decision: 'deny', message: 'score too low', limit: 0 };
  if (input.amount > 10000) return { decision: 'review', message: 'large amount', limit: 10000 };
  return { decision: 'allow', message: 'approved', limit: input.amount };
}

export function quote(input: { amount: number }) {
  return { amount: input.amount, fee: input.amount * 0.01, tags: [{ id: 'b' }, { id: 'a' }] };
}
`;

const ENTRY = `
import { decideLoan, quote } from '../src/decide.js';
export const decisions = { 'loans.decide': decideLoan, 'loans.quote': quote };
`;

const CASES = [
  { id: 'c1', operation: 'loans.decide', input: { amount: 1000, score: 700 } },
  { id: 'c2', operation: 'loans.decide', input: { amount: 6000, score: 550 } },
  { id: 'c3', operation: 'loans.decide', input: { amount: 20000, score: 700 } },
  { id: 'c4', operation: 'loans.quote', input: { amount: 100 } },
  { id: 'c5', operation: 'loans.decide', input: { amount: 10, score: 42 } },
];

const REPLAY = {
  entry: 'replay/entry.ts',
  severity: [
    { operation: 'loans.decide', path: 'decision', from: 'allow', to: 'deny', severity: 'critical' },
    { path: 'message', severity: 'low' },
  ],
  failAt: 'medium',
  timeoutMs: 20_000,
};

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' },
  }).trim();
}

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

/** A git repository with the baseline commit, then the candidate commit; returns the baseline's sha. */
function repository(candidate: Record<string, string>, baseline: Record<string, string> = {}, replay: Record<string, unknown> = {}) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'plumbline-replay-test-'));
  roots.push(root);
  git(root, 'init', '--quiet', '--initial-branch=main');
  git(root, 'config', 'user.email', 'test@example.com');
  git(root, 'config', 'user.name', 'Test');
  write(root, {
    'plumbline.config.json': JSON.stringify({
      layers: { core: { paths: ['src/**'] } },
      replay: { ...REPLAY, ...replay },
      gates: { replay: { input: 'captures/cases.jsonl', baselineRef: 'main~1' } },
    }),
    'src/decide.ts': DECIDE,
    'replay/entry.ts': ENTRY,
    'captures/cases.jsonl': `${CASES.map((entry) => JSON.stringify(entry)).join('\n')}\n`,
    ...baseline,
  });
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '-m', 'baseline');
  const base = git(root, 'rev-parse', 'HEAD');
  write(root, candidate);
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '--allow-empty', '-m', 'candidate');
  return { root, base, config: loadJsonConfig(root) };
}

function loadJsonConfig(root: string): ResolvedConfig {
  const file = path.join(root, 'plumbline.config.json');
  return resolveConfig(JSON.parse(readFileSync(file, 'utf8')), { configFile: file });
}

function replayOptions(config: ResolvedConfig, overrides: Partial<ReplayOptions> = {}): ReplayOptions {
  return {
    config,
    replay: config.replay!,
    baselineRef: 'main~1',
    mainBranch: 'main',
    candidateRef: 'HEAD',
    inputs: [path.join(config.root, 'captures/cases.jsonl')],
    allowInvalid: false,
    outDir: path.join(config.root, '.plumbline/replay'),
    progress: () => undefined,
    ...overrides,
  };
}

function reportCases(root: string): unknown[] {
  return (JSON.parse(readFileSync(path.join(root, '.plumbline/replay/report.json'), 'utf8')) as { cases: unknown[] }).cases;
}

const noDrift = (key: string, operation = 'loans.decide') => ({
  key,
  file: 'captures/cases.jsonl',
  line: Number(key.slice(1)),
  operation,
  status: 'no-drift',
  diffs: [],
  noise: [],
});

describe('replay between two commits of a decision module', { timeout: 180_000 }, () => {
  it('reports no drift when only a comment changed, and writes the same report bytes twice', async () => {
    const { config } = repository({ 'src/decide.ts': `// Reworded comment only.\n${DECIDE}` });
    const summary = await runReplay(replayOptions(config));
    expect(summary.passed).toBe(true);
    expect(summary.totals).toEqual({ cases: 5, noDrift: 5, drift: 0, noise: 0, error: 0, invalid: 0 });
    expect(reportCases(config.root)).toEqual([noDrift('c1'), noDrift('c2'), noDrift('c3'), noDrift('c4', 'loans.quote'), noDrift('c5')]);
    const first = readFileSync(summary.reportFile);
    const firstSummary = readFileSync(summary.summaryFile);
    await runReplay(replayOptions(config));
    expect(readFileSync(summary.reportFile)).toEqual(first);
    expect(readFileSync(summary.summaryFile)).toEqual(firstSummary);
    // Every checkout was removed again.
    expect(git(config.root, 'worktree', 'list').split('\n')).toHaveLength(1);
  });

  it('reports drift with the severity of the first matching rule, and fails at failAt', async () => {
    const changed = DECIDE.replace(
      "  return { decision: 'allow', message: 'approved', limit: input.amount };",
      "  if (input.amount > 5000 && input.score < 600) return { decision: 'deny', message: 'risky', limit: 0 };\n  return { decision: 'allow', message: 'approved.', limit: input.amount };",
    );
    const { config } = repository({ 'src/decide.ts': changed });
    const summary = await runReplay(replayOptions(config));
    expect(reportCases(config.root)).toEqual([
      {
        ...noDrift('c1'),
        status: 'drift',
        severity: 'low',
        diffs: [{ path: 'message', severity: 'low', old: 'approved', new: 'approved.' }],
      },
      {
        ...noDrift('c2'),
        status: 'drift',
        severity: 'critical',
        diffs: [
          { path: 'decision', severity: 'critical', old: 'allow', new: 'deny' },
          { path: 'limit', severity: 'medium', old: 6000, new: 0 },
          { path: 'message', severity: 'low', old: 'approved', new: 'risky' },
        ],
      },
      noDrift('c3'),
      noDrift('c4', 'loans.quote'),
      noDrift('c5'),
    ]);
    expect(summary.passed).toBe(false);
    expect(summary.reasons).toEqual(['1 case(s) drifted at severity medium or above']);
    expect(summary.operations.find((op) => op.operation === 'loans.decide')?.drift).toEqual({ low: 1, medium: 0, high: 0, critical: 1 });
    const markdown = readFileSync(summary.summaryFile, 'utf8');
    expect(markdown).toContain('### `loans.decide`: critical (1 case)');
    expect(markdown).toContain(
      '- `c2` (captures/cases.jsonl:2): `decision` `"allow"` -> `"deny"`; `limit` `6000` -> `0`; `message` `"approved"` -> `"risky"`',
    );
  });

  it('passes drift below failAt (a changed message only)', async () => {
    const { config } = repository({ 'src/decide.ts': DECIDE.replace("message: 'large amount'", "message: 'amount above the limit'") });
    const summary = await runReplay(replayOptions(config));
    expect(summary.passed).toBe(true);
    expect(summary.totals).toMatchObject({ drift: 1, noDrift: 4 });
    expect(summary.examples.map((example) => [example.key, example.severity])).toEqual([['c3', 'low']]);
  });

  it('reports paths that differ between two baseline runs as noise, not drift', async () => {
    const noisy = `import { randomUUID } from 'node:crypto';\n${DECIDE.replace("message: 'approved', limit: input.amount }", "message: 'approved', limit: input.amount, receipt: randomUUID() }")}`;
    const { config } = repository(
      { 'src/decide.ts': noisy.replace("message: 'large amount'", "message: 'large'") },
      { 'src/decide.ts': noisy },
    );
    const summary = await runReplay(replayOptions(config));
    const cases = reportCases(config.root) as Array<{ key: string; status: string; noise: Array<{ path: string }>; diffs: unknown[] }>;
    expect(cases.map((entry) => [entry.key, entry.status])).toEqual([
      ['c1', 'noise'],
      ['c2', 'noise'],
      ['c3', 'drift'],
      ['c4', 'no-drift'],
      ['c5', 'no-drift'],
    ]);
    expect(cases[0]?.noise.map((entry) => entry.path)).toEqual(['receipt']);
    expect(cases[0]?.diffs).toEqual([]);
    expect(summary.noise).toEqual({ 'loans.decide': ['receipt'] });
    expect(summary.passed).toBe(true);
    // Noise is reported by path only, so even a noisy replay gives the same bytes twice.
    const first = readFileSync(summary.reportFile);
    await runReplay(replayOptions(config));
    expect(readFileSync(summary.reportFile)).toEqual(first);
  });

  it('normalises: ignored paths, arrays sorted by key, number tolerance, UUID tokens', async () => {
    const candidate = DECIDE.replace(
      "return { amount: input.amount, fee: input.amount * 0.01, tags: [{ id: 'b' }, { id: 'a' }] };",
      "return { tags: [{ id: 'a' }, { id: 'b' }], fee: input.amount * 0.01 + 1e-9, amount: input.amount, servedBy: 'node-2' };",
    );
    const { config } = repository(
      { 'src/decide.ts': candidate },
      {},
      {
        normalise: { 'loans.quote': { ignorePaths: ['servedBy'], sortArrays: [{ path: 'tags', by: 'id' }], numberTolerance: 1e-6 } },
      },
    );
    const summary = await runReplay(replayOptions(config));
    expect(summary.totals).toEqual({ cases: 5, noDrift: 5, drift: 0, noise: 0, error: 0, invalid: 0 });
  });

  it('reports a candidate that throws on a case as error, not drift, and fails', async () => {
    const throwing = DECIDE.replace(
      '  if (input.score < 500)',
      "  if (input.score === 42) throw new RangeError('score 42 is reserved');\n  if (input.score < 500)",
    );
    const { config } = repository({ 'src/decide.ts': throwing });
    const summary = await runReplay(replayOptions(config));
    expect(reportCases(config.root)[4]).toEqual({
      ...noDrift('c5'),
      status: 'error',
      message: 'the candidate threw RangeError: score 42 is reserved',
    });
    expect(summary.totals).toEqual({ cases: 5, noDrift: 4, drift: 0, noise: 0, error: 1, invalid: 0 });
    expect(summary.passed).toBe(false);
  });

  it('reports the cases a hanging candidate never answered as errors, and the gate fails closed', async () => {
    const hanging = DECIDE.replace(
      '  if (input.score < 500)',
      '  while (input.amount === 20000) { /* hangs */ }\n  if (input.score < 500)',
    );
    // The limit is generous (a healthy run here takes about 1 s) so that a slow start of the baseline on a loaded machine never reaches it.
    const { config } = repository({ 'src/decide.ts': hanging }, {}, { timeoutMs: 15_000 });
    const summary = await runReplay(replayOptions(config));
    const statuses = (reportCases(config.root) as Array<{ status: string; message?: string }>).map((entry) => entry.status);
    expect(statuses).toEqual(['no-drift', 'no-drift', 'error', 'error', 'error']);
    expect((reportCases(config.root)[2] as { message: string }).message).toBe(
      'the candidate gave no answer: its process timed out after 15000 ms (replay.timeoutMs)',
    );
    expect(summary.failures).toEqual({ candidate: 'timed out after 15000 ms (replay.timeoutMs)' });
    expect(summary.passed).toBe(false);
    expect(git(config.root, 'worktree', 'list').split('\n')).toHaveLength(1);
  });

  it('fails closed when the entry cannot be loaded in the candidate', async () => {
    const { config } = repository({ 'replay/entry.ts': 'export const nothing = 1;\n' });
    const summary = await runReplay(replayOptions(config));
    expect(summary.totals.error).toBe(5);
    expect(summary.failures.candidate).toBe(
      'the replay entry must export `decisions` (functions by operation id) or `registry` (an operation registry)',
    );
    expect(summary.passed).toBe(false);
  });
});

describe('replay setup and input problems', { timeout: 180_000 }, () => {
  it('rejects refs that look like options, unknown refs and folders outside git', async () => {
    const { config } = repository({});
    await expect(runReplay(replayOptions(config, { baselineRef: '--output=/tmp/x' }))).rejects.toThrow(
      "baseline ref '--output=/tmp/x' is not a valid git ref (it must not be empty, start with '-' or hold control characters)",
    );
    await expect(runReplay(replayOptions(config, { candidateRef: 'no-such-branch' }))).rejects.toThrow(
      `candidate ref 'no-such-branch' does not name a commit in`,
    );
    const plain = mkdtempSync(path.join(os.tmpdir(), 'plumbline-replay-plain-'));
    roots.push(plain);
    write(plain, { 'captures/cases.jsonl': `${JSON.stringify(CASES[0])}\n` });
    const outside = resolveConfig({ layers: { core: { paths: ['src/**'] } }, replay: REPLAY }, { cwd: plain });
    await expect(runReplay(replayOptions(outside, { inputs: [path.join(plain, 'captures/cases.jsonl')] }))).rejects.toBeInstanceOf(
      ReplaySetupError,
    );
  });

  it('reports each malformed line with file:line and fails without allowInvalid; with it, replays the rest', async () => {
    const { config } = repository({});
    const file = path.join(config.root, 'captures/mixed.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify(CASES[0]),
        '{"operation": "loans.decide", "input": ',
        JSON.stringify({ operation: 'no dots', input: 1 }),
        JSON.stringify(CASES[3]),
      ].join('\n'),
    );
    const strict = await runReplay(replayOptions(config, { inputs: [file] }));
    expect(strict.passed).toBe(false);
    expect(strict.refs).toBeUndefined();
    expect(strict.invalid.map((entry) => `${entry.file}:${entry.line}`)).toEqual(['captures/mixed.jsonl:2', 'captures/mixed.jsonl:3']);
    expect(strict.invalid[0]?.message).toMatch(/^not JSON \(/);
    expect(strict.invalid[1]?.message).toBe("not a replay case: operation: must look like '<domain>.<name>' (letters, digits, _ and -)");
    const lenient = await runReplay(replayOptions(config, { inputs: [file], allowInvalid: true }));
    expect(lenient.passed).toBe(true);
    expect(lenient.totals).toEqual({ cases: 2, noDrift: 2, drift: 0, noise: 0, error: 0, invalid: 2 });
  });
});

describe('the replay gate', { timeout: 180_000 }, () => {
  it('compares the configured baseline ref with the working tree and fails closed on a throwing candidate', async () => {
    const { config } = repository({});
    const evidenceDir = path.join(config.root, '.plumbline/evidence');
    const clean = await runGatePack({ config, gates: [replayGate], evidenceDir, today: '2026-11-26' });
    expect(clean.gates[0]).toMatchObject({
      status: 'pass',
      findings: [],
      artifacts: ['.plumbline/evidence/replay/report.json', '.plumbline/evidence/replay/summary.md'],
    });
    // An uncommitted change in the working tree is the candidate.
    writeFileSync(
      path.join(config.root, 'src/decide.ts'),
      DECIDE.replace('  if (input.score < 500)', "  if (input.score === 42) throw new Error('boom');\n  if (input.score < 500)"),
    );
    const broken = await runGatePack({ config, gates: [replayGate], evidenceDir, today: '2026-11-26' });
    expect(broken.gates[0]?.status).toBe('fail');
    expect(broken.gates[0]?.findings).toEqual([
      {
        ruleId: 'replay/error',
        severity: 'error',
        message: 'loans.decide case c5: the candidate threw Error: boom',
        file: 'captures/cases.jsonl',
        line: 5,
        column: 1,
        // The docs shipped with the package, relative to the project root.
        docsUrl: expect.stringMatching(/^(\.\.\/)+.*docs\/replay\.md$/),
      },
    ]);
  });

  it('errors with the reason when the project is not a git repository, and is not run (not passed) when replay is not configured', async () => {
    const plain = mkdtempSync(path.join(os.tmpdir(), 'plumbline-replay-plain-'));
    roots.push(plain);
    write(plain, { 'captures/cases.jsonl': `${JSON.stringify(CASES[0])}\n` });
    const config = resolveConfig(
      { layers: { core: { paths: ['src/**'] } }, replay: REPLAY, gates: { replay: { input: 'captures/cases.jsonl' } } },
      { cwd: plain },
    );
    const pack = await runGatePack({
      config,
      gates: [replayGate],
      evidenceDir: path.join(plain, '.plumbline/evidence'),
      today: '2026-11-26',
    });
    expect(pack.gates[0]?.status).toBe('error');
    expect(pack.gates[0]?.reason).toMatch(/^gate 'replay' crashed: .* is not inside a git repository/);
    expect(pack.passed).toBe(false);

    const unconfigured = resolveConfig({ layers: { core: { paths: ['src/**'] } } }, { cwd: plain });
    const note = await runGatePack({
      config: unconfigured,
      gates: [replayGate],
      evidenceDir: path.join(plain, '.plumbline/evidence'),
      today: '2026-11-26',
    });
    expect(note.gates).toEqual([]);
    expect(note.skipped).toEqual([
      { gate: 'replay', reason: 'not configured: no `replay` section in the config, so nothing was replayed' },
    ]);
    // A pack in which no gate ran checked nothing: never a pass.
    expect(note.passed).toBe(false);
    expect(note.problem).toMatch(/^no gate ran/);
    expect(existsSync(path.join(plain, '.plumbline/evidence/replay/report.json'))).toBe(false);
  });
});
