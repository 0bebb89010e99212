import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { structuredPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { listOverlays } from './helpers/overlays.js';
import { HOC_APP, REPO_ROOT } from './helpers/paths.js';

/**
 * A seeded-defect overlay copies whole example-app files and changes a few lines. When the app's
 * file changes later and the copy does not, the overlay tests an app that no longer exists. The
 * difference of every copy from the file it overlays is kept as a snapshot: anything but the
 * seeded change shows up as a failing diff (re-copy the app's file and seed the defect again;
 * `vitest -u` records a deliberately changed seed).
 */
const FIXTURES = path.join(REPO_ROOT, 'fixtures');
const KINDS = readdirSync(FIXTURES)
  .filter((name) => name.startsWith('defects'))
  .sort();
/** A hunk longer than this is recorded by its first lines and a hash of all (a whole corrupted data file, say). */
const SHOWN_LINES = 40;

const copies = KINDS.flatMap((kind) =>
  listOverlays(path.join(FIXTURES, kind)).flatMap((name) =>
    readdirSync(path.join(FIXTURES, kind, name), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) =>
        path
          .relative(path.join(FIXTURES, kind, name), path.join(entry.parentPath, entry.name))
          .split(path.sep)
          .join('/'),
      )
      .filter((file) => file !== 'expected.json' && existsSync(path.join(HOC_APP, file)))
      .sort()
      .map((file) => ({ overlay: `${kind}/${name}`, file })),
  ),
);

/** The changed lines of a copy, as `-`/`+` lines under `@@` hunk headers (no context lines). */
function seededChange(overlay: string, file: string): string {
  const original = readFileSync(path.join(HOC_APP, file), 'utf8');
  const copy = readFileSync(path.join(FIXTURES, overlay, file), 'utf8');
  const patch = structuredPatch(`hoc-app/${file}`, `${overlay}/${file}`, original, copy, undefined, undefined, { context: 0 });
  return patch.hunks
    .flatMap((hunk) => {
      const header = `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`;
      if (hunk.lines.length <= SHOWN_LINES) return [header, ...hunk.lines];
      const hash = createHash('sha256').update(hunk.lines.join('\n')).digest('hex').slice(0, 16);
      return [header, ...hunk.lines.slice(0, SHOWN_LINES), `… ${hunk.lines.length - SHOWN_LINES} more changed lines, sha256 ${hash}`];
    })
    .join('\n');
}

describe('seeded-defect overlays', () => {
  it('copy example-app files (a check of no copy would pass vacuously)', () => {
    expect(copies.length).toBeGreaterThan(40);
  });

  const cases = copies.map(({ overlay, file }) => [`${overlay}: ${file}`, overlay, file] as const);
  it.each(cases)('%s differs from the app only by its seeded change', (_label, overlay, file) => {
    const change = seededChange(overlay, file);
    expect(change, 'a copy identical to the app seeds nothing').not.toBe('');
    expect(change).toMatchSnapshot();
  });
});
