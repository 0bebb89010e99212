import { statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { listSourceFiles } from '../../config/source-files.js';
import { openOxlintCache } from '../../gates/static/oxlint-cache.js';
import { HOC_APP } from '../helpers/paths.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const { temp } = projectsRemovedAfterAll();

/** Backdates every file, so each is old enough for its stat to vouch for its content. */
function backdate(files: readonly string[], seconds: number): void {
  const when = new Date(Date.now() - seconds * 1000);
  for (const file of files) utimesSync(file, when, when);
}

describe('the oxlint result cache', () => {
  it('trusts the stat of an old unchanged file without reading it, and re-hashes a file whose stat moved', async () => {
    const project = temp(HOC_APP);
    const config = await loadConfig({ cwd: project.root });
    const files = listSourceFiles(config);
    backdate(files, 60);
    openOxlintCache(config, files, 'test').save([]);

    // Same size and mtime, other content: only a read could tell, so a stat that is trusted keeps the entry.
    const file = files.find((candidate) => candidate.endsWith(path.join('src', 'api', 'policies.ts'))) as string;
    const { size, mtime } = statSync(file);
    writeFileSync(file, 'x'.repeat(size));
    utimesSync(file, mtime, mtime);
    expect(openOxlintCache(config, files, 'test').stale).toEqual([]);

    // A touched file (new mtime, same content) is hashed again and is still not linted again.
    const other = files.find((candidate) => candidate !== file) as string;
    const now = new Date();
    utimesSync(other, now, now);
    const touched = openOxlintCache(config, files, 'test');
    expect(touched.stale).toEqual([]);
    touched.save([]);

    // An edit lints the file again.
    writeFileSync(other, `${'export const edited = 1;\n'}`);
    expect(openOxlintCache(config, files, 'test').stale).toEqual([other]);
  });

  it('re-hashes a file that was too new when its stat was taken', async () => {
    const project = temp(HOC_APP);
    const config = await loadConfig({ cwd: project.root });
    const files = listSourceFiles(config);
    backdate(files, 60);
    const file = files[0] as string;
    const now = new Date();
    utimesSync(file, now, now);
    openOxlintCache(config, files, 'test').save([]);

    // Changed within the same mtime tick as the hash: the stat alone cannot vouch for it.
    const { size } = statSync(file);
    writeFileSync(file, 'y'.repeat(size));
    utimesSync(file, now, now);
    expect(openOxlintCache(config, files, 'test').stale).toEqual([file]);
  });
});
