import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinGates } from '../gates/runner/registry.js';
import { rules } from '../rules/index.js';
import { renderAllDocs } from '../scripts/render-docs.js';
import { listDefects, readExpected } from './helpers/defects.js';
import { REPO_ROOT } from './helpers/paths.js';

describe('generated docs', () => {
  it.each(Object.entries(renderAllDocs()))('%s is up to date (run `npm run docs`)', (relative, text) => {
    const file = path.join(REPO_ROOT, relative);
    expect(existsSync(file), `${relative} is missing`).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('every rule and gate is complete', () => {
  const caught = new Set(listDefects().flatMap((name) => readExpected(name).findings.map((f) => f.ruleId)));

  it.each(Object.keys(rules))('rule %s has a test file, a docs page, examples and a defect overlay that it catches', (name) => {
    expect(existsSync(path.join(REPO_ROOT, `test/rules/${name}.test.ts`))).toBe(true);
    expect(existsSync(path.join(REPO_ROOT, `docs/rules/${name}.md`))).toBe(true);
    const docs = rules[name as keyof typeof rules].meta.docs;
    expect(docs?.examples.invalid.length).toBeGreaterThan(0);
    expect(docs?.examples.valid.length).toBeGreaterThan(0);
    expect(caught.has(`plumbline/${name}`)).toBe(true);
  });

  it.each(builtinGates.map((gate) => gate.id))('gate %s has tests', (id) => {
    expect(existsSync(path.join(REPO_ROOT, `test/gates/${id}.test.ts`))).toBe(true);
  });
});
