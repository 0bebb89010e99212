import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinGates } from '../../gates/runner/registry.js';
import { REPO_ROOT } from '../helpers/paths.js';

// gates/ is read as a table of contents: one folder per gate, each with its gate.ts, plus the pack runner and the
// parts several gates share. A second loose file or folder there is a place a reader has to learn.
describe('the gates folder', () => {
  const gatesDir = path.join(REPO_ROOT, 'gates');
  const entries = readdirSync(gatesDir, { withFileTypes: true });

  it('holds only folders: one per gate, runner and shared', () => {
    const expected = [...builtinGates.map((gate) => gate.id), 'runner', 'shared'].sort();
    expect(entries.filter((entry) => !entry.isDirectory()).map((entry) => entry.name)).toEqual([]);
    expect(entries.map((entry) => entry.name).sort()).toEqual(expected);
  });

  it.each(builtinGates.map((gate) => gate.id))('gates/%s has its main file gate.ts', (id) => {
    expect(readdirSync(path.join(gatesDir, id))).toContain('gate.ts');
  });
});
