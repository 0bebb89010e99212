import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { oxlintBin, probeOxlint } from '../../gates/static/oxlint-engine.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

// Counts the processes the probe starts; everything else is Node's own child_process.
const started = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:child_process', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:child_process')>();
  const { promisify } = await import('node:util');
  const promised = promisify(original.execFile);
  // promisify(execFile) takes the custom promisified form, so that is the one counted.
  const execFile = Object.assign((...args: Parameters<typeof original.execFile>) => original.execFile(...args), {
    [promisify.custom]: (...args: Parameters<typeof promised>) => {
      started.count += 1;
      return promised(...args);
    },
  });
  return { ...original, default: { ...original, execFile }, execFile };
});

const { temp } = projectsRemovedAfterAll();

afterEach(() => {
  started.count = 0;
});

describe.skipIf(!oxlintBin())('the oxlint probe cache', () => {
  it('starts oxlint for the first probe only, and again when the remembered key is not this oxlint', async () => {
    const cacheFile = path.join(temp().root, '.plumbline', 'cache', 'oxlint', 'probe.json');
    expect(await probeOxlint({ cacheFile })).toEqual({ ok: true, bin: oxlintBin() });
    expect(started.count).toBe(1);
    expect(await probeOxlint({ cacheFile })).toEqual({ ok: true, bin: oxlintBin() });
    expect(started.count).toBe(1);

    // Another oxlint (or Node) installed since: the key differs, so oxlint is started again and the key rewritten.
    const key = readFileSync(cacheFile, 'utf8');
    writeFileSync(cacheFile, JSON.stringify({ key: `${JSON.parse(key).key as string} other` }));
    expect(await probeOxlint({ cacheFile })).toEqual({ ok: true, bin: oxlintBin() });
    expect(started.count).toBe(2);
    expect(readFileSync(cacheFile, 'utf8')).toBe(key);

    // A corrupt cache is a probe, never a verdict.
    writeFileSync(cacheFile, '{ "key": ');
    expect((await probeOxlint({ cacheFile })).ok).toBe(true);
    expect(started.count).toBe(3);
  });

  it('without a cache file, probes every time', async () => {
    await probeOxlint();
    await probeOxlint();
    expect(started.count).toBe(2);
  });
});
