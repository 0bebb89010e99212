import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HOC_APP } from './paths.js';
import { makeTempProject } from './temp-project.js';

/**
 * Seeded-defect overlays: `<dir>/<name>/` holds the files that differ from
 * hoc-app plus an expected.json (and, for some kinds, files that are not laid).
 * One set of functions for every kind; each kind brings its own expected schema.
 */
export function listOverlays(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function readOverlayExpected<S extends z.ZodType>(dir: string, name: string, schema: S): z.output<S> {
  return schema.parse(JSON.parse(readFileSync(path.join(dir, name, 'expected.json'), 'utf8')));
}

/**
 * A temp copy of the base project (default hoc-app) with the overlay's files laid over it
 * (expected.json and `notLaid` left out).
 */
export function applyOverlay(dir: string, name: string, notLaid: readonly string[] = [], base: string = HOC_APP) {
  const project = makeTempProject(base);
  const skipped = new Set(['expected.json', ...notLaid]);
  cpSync(path.join(dir, name), project.root, { recursive: true, filter: (from) => !skipped.has(path.basename(from)) });
  return project;
}
