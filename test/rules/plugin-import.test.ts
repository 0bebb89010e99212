import { describe, expect, it } from 'vitest';
import { builtModule, packagesLoadedBy } from '../helpers/loaded-packages.js';

describe('importing the slim oxlint plugin entry', () => {
  it('loads neither ESLint nor TypeScript nor ts-morph (oxlint parses; a file that needs the compiler loads it)', async () => {
    const { loaded } = await packagesLoadedBy(`await import(${builtModule('dist/rules/oxlint-plugin.js')});`);
    // Something was loaded and seen: the rules' own helpers.
    expect(loaded).toContain('@typescript-eslint/types');
    expect(loaded.filter((name) => ['eslint', 'typescript', 'ts-morph', '@typescript-eslint/parser'].includes(name))).toEqual([]);
  });
});
