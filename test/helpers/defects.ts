import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFECTS, HOC_APP } from './paths.js';
import { makeTempProject } from './temp-project.js';

export const ExpectedSchema = z
  .object({
    description: z.string().min(1),
    /**
     * How the overlay is checked: 'lint' (default) runs the ESLint rules alone; 'static-gate' runs the static gate
     * through the pack runner, which adds the vacuity checks (empty layers) and applies the committed baseline.
     */
    run: z.enum(['lint', 'static-gate']).default('lint'),
    findings: z
      .array(
        z
          .object({ ruleId: z.string(), file: z.string(), line: z.number().int(), messageIncludes: z.string().optional() })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type ExpectedFindings = z.infer<typeof ExpectedSchema>;

export function listDefects(): string[] {
  return readdirSync(DEFECTS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function readExpected(name: string): ExpectedFindings {
  return ExpectedSchema.parse(JSON.parse(readFileSync(path.join(DEFECTS, name, 'expected.json'), 'utf8')));
}

/** A temp copy of hoc-app with the overlay's changed files laid over it. */
export function applyDefect(name: string) {
  const project = makeTempProject(HOC_APP);
  cpSync(path.join(DEFECTS, name), project.root, {
    recursive: true,
    filter: (from) => path.basename(from) !== 'expected.json',
  });
  return project;
}
