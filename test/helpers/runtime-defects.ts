import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HOC_APP, REPO_ROOT } from './paths.js';
import { makeTempProject } from './temp-project.js';

/** Overlays on hoc-app whose defects only the runtime-evidence gates (invariants, shadow) see. */
export const RUNTIME_DEFECTS = path.join(REPO_ROOT, 'fixtures/defects-runtime');

export const RuntimeExpectedSchema = z
  .object({
    description: z.string().min(1),
    gate: z.enum(['invariants', 'shadow']),
    findings: z
      .array(
        z
          .object({
            ruleId: z.string().regex(/^(invariants|shadow)\//),
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

export function listRuntimeDefects(): string[] {
  return readdirSync(RUNTIME_DEFECTS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function readRuntimeExpected(name: string) {
  return RuntimeExpectedSchema.parse(JSON.parse(readFileSync(path.join(RUNTIME_DEFECTS, name, 'expected.json'), 'utf8')));
}

/** A temp copy of hoc-app with the overlay's files laid over it. */
export function applyRuntimeDefect(name: string) {
  const project = makeTempProject(HOC_APP);
  cpSync(path.join(RUNTIME_DEFECTS, name), project.root, { recursive: true, filter: (from) => path.basename(from) !== 'expected.json' });
  return project;
}
