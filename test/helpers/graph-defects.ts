import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HOC_APP, REPO_ROOT } from './paths.js';
import { makeTempProject } from './temp-project.js';

/** Overlays on hoc-app whose defects only the architecture gate (dependency-cruiser) sees. */
export const GRAPH_DEFECTS = path.join(REPO_ROOT, 'fixtures/defects-graph');

/** fixtures/defects' expected.json format, plus a severity where a finding is not an error. */
export const GraphExpectedSchema = z
  .object({
    description: z.string().min(1),
    findings: z
      .array(
        z
          .object({
            ruleId: z.string().startsWith('depcruise/'),
            file: z.string(),
            line: z.number().int(),
            severity: z.enum(['error', 'warning', 'note']).default('error'),
            messageIncludes: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export function listGraphDefects(): string[] {
  return readdirSync(GRAPH_DEFECTS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function readGraphExpected(name: string) {
  return GraphExpectedSchema.parse(JSON.parse(readFileSync(path.join(GRAPH_DEFECTS, name, 'expected.json'), 'utf8')));
}

/** A temp copy of hoc-app with the overlay's changed files laid over it. */
export function applyGraphDefect(name: string) {
  const project = makeTempProject(HOC_APP);
  cpSync(path.join(GRAPH_DEFECTS, name), project.root, { recursive: true, filter: (from) => path.basename(from) !== 'expected.json' });
  return project;
}
