import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { GateOutcome } from '../../core/contracts.js';
import { loadConfig } from '../../config/load.js';
import { resolveConfig } from '../../config/resolve.js';
import { invariantsGate } from '../../gates/invariants/gate.js';
import { runGatePack } from '../../gates/runner/run-pack.js';
import type { Gate } from '../../gates/runner/gate-contract.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { makeTempProject } from '../helpers/temp-project.js';
import { z } from 'zod';

/**
 * Fail closed: a gate that throws (anything), hangs past its timeout, returns
 * a malformed result, has its command killed by a signal or gets corrupt
 * evidence makes the pack fail; and an evidence write killed half-way leaves
 * the previous file whole.
 */

const temps: Array<{ remove(): void }> = [];
afterAll(() => temps.forEach((temp) => temp.remove()));

const gate = (id: string, run: Gate['run']): Gate => ({ id, title: id, description: 'test gate', settings: z.unknown(), rules: [], run });
const config = resolveConfig({ layers: { core: { paths: ['src/core/**'] } }, gates: { timeoutMs: 200 } }, { cwd: '/project' });

describe('the pack fails closed', () => {
  const misbehaving: Array<[string, Gate['run'], RegExp]> = [
    ['throws an Error', () => Promise.reject(new Error('boom')), /crashed: boom/],
    ['throws a string', () => Promise.reject('just a string'), /crashed: just a string/],
    ['throws undefined', () => Promise.reject(undefined), /crashed: undefined/],
    [
      'throws synchronously',
      () => {
        throw new TypeError('sync');
      },
      /crashed: sync/,
    ],
    ['resolves to nothing', async () => undefined as unknown as GateOutcome, /malformed result \(result: /],
    ['returns findings that are not a list', async () => ({ findings: 'none' }) as unknown as GateOutcome, /malformed result \(findings: /],
    [
      'returns a finding with an unknown severity',
      async () =>
        ({ findings: [{ ruleId: 'x/y', severity: 'fatal', message: 'm', file: '', line: 0, column: 0 }] }) as unknown as GateOutcome,
      /malformed result \(findings\[0\]\.severity: /,
    ],
    [
      'returns a finding with a negative line',
      async () => ({ findings: [{ ruleId: 'x/y', severity: 'error', message: 'm', file: 'a.ts', line: -1, column: 0 }] }),
      /malformed result \(findings\[0\]\.line: /,
    ],
    ['never settles (past its timeout)', () => new Promise<GateOutcome>(() => undefined), /timed out after 200 ms/],
  ];

  it.each(misbehaving)('a gate that %s is an error and fails the pack', async (_, run, message) => {
    const pack = await runGatePack({ config, gates: [gate('bad', run)], evidenceDir: '/project/.plumbline/evidence', today: '2026-11-26' });
    expect(pack.gates[0]?.status).toBe('error');
    expect(pack.gates[0]?.findings[0]?.ruleId).toBe('plumbline/gate-error');
    expect(pack.gates[0]?.reason).toMatch(message);
    expect(pack.passed).toBe(false);
    expect(pack.exitCode).toBe(1);
  });

  it('a gate that passes after a failing one does not hide it', async () => {
    const pack = await runGatePack({
      config,
      gates: [gate('bad', () => Promise.reject(new Error('x'))), gate('good', async () => ({ findings: [] }))],
      evidenceDir: '/project/.plumbline/evidence',
      today: '2026-11-26',
    });
    expect(pack.gates.map((run) => run.status)).toEqual(['error', 'pass']);
    expect(pack.passed).toBe(false);
  });
});

describe('a recording command killed by a signal, or leaving corrupt evidence, fails the pack', () => {
  async function packWith(script: string) {
    const project = makeTempProject();
    temps.push(project);
    project.write(
      'plumbline.config.json',
      JSON.stringify({
        include: ['src/**/*.ts'],
        layers: { app: { paths: ['src/**'] } },
        gates: { invariants: { command: [process.execPath, '-e', script] } },
      }),
    );
    project.write(
      'src/operations.ts',
      "import { defineOperation } from '@plumbline-kit/runtime';\nexport const evaluate = defineOperation({\n  id: 'policies.evaluate',\n  owner: 'policies',\n  invariants: [{ id: 'INV-1', severity: 'high', condition: () => true, remediation: 'check it' }],\n  handler: () => 1,\n});\n",
    );
    const loaded = await loadConfig({ cwd: project.root });
    return runGatePack({
      config: loaded,
      gates: [invariantsGate],
      only: ['invariants'],
      evidenceDir: path.join(project.root, '.plumbline/evidence'),
      today: '2026-11-26',
    });
  }

  it('killed by SIGKILL', async () => {
    const pack = await packWith("process.kill(process.pid, 'SIGKILL')");
    expect(pack.passed).toBe(false);
    expect(pack.gates[0]?.findings.map((f) => f.message).join('\n')).toContain('was killed by SIGKILL');
  });

  it('evidence cut mid-line (the last event not terminated)', async () => {
    const line = JSON.stringify({
      operationId: 'policies.evaluate',
      checkId: 'INV-1',
      kind: 'invariant',
      mode: 'enforce',
      outcome: 'held',
    });
    const pack = await packWith(
      `require('fs').writeFileSync(process.env.PLUMBLINE_EVIDENCE_FILE, ${JSON.stringify(`${line}\n${line.slice(0, 40)}`)})`,
    );
    expect(pack.passed).toBe(false);
    expect(pack.gates[0]?.findings.map((f) => f.message).join('\n')).toMatch(/left no usable evidence: line 2 is not JSON/);
  });
});

describe('atomic evidence writes', () => {
  it('a writer killed at any moment leaves the previous file whole: never a mix, never truncated', async () => {
    const project = makeTempProject();
    temps.push(project);
    const target = path.join(project.root, 'evidence.json');
    const writer = path.join(project.root, 'writer.mjs');
    // Alternates two large, different contents through the real writeFileAtomic (built), announcing each write.
    writeFileSync(
      writer,
      `import { writeFileAtomic } from ${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist/core/atomic-write.js')).href)};\n` +
        `const a = 'a'.repeat(3 * 1024 * 1024), b = 'b'.repeat(2 * 1024 * 1024);\n` +
        `for (let i = 0; ; i++) { writeFileAtomic(${JSON.stringify(target)}, i % 2 ? b : a); process.stdout.write('w'); }\n`,
    );
    for (const afterWrites of [2, 5, 9]) {
      const child = spawn(process.execPath, [writer], { stdio: ['ignore', 'pipe', 'inherit'] });
      let writes = 0;
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          writes += chunk.length;
          if (writes >= afterWrites) resolve();
        });
      });
      // Kill it in the middle of its next write (or between writes: either way the target must be whole).
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));
      const text = readFileSync(target, 'utf8');
      const whole = text === 'a'.repeat(3 * 1024 * 1024) || text === 'b'.repeat(2 * 1024 * 1024);
      expect(whole, `after ${writes} writes the file holds ${text.length} characters`).toBe(true);
    }
    // Only the target (and at most the killed write's temporary file) is left; no temporary file ever replaces it.
    const others = readdirSync(project.root).filter((name) => name !== 'evidence.json' && name !== 'writer.mjs');
    expect(others.every((name) => name.startsWith('evidence.json.') && name.endsWith('.tmp'))).toBe(true);
    expect(existsSync(target)).toBe(true);
  });
});
