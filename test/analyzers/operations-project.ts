import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runAnalyzers, type AnalyzerRunOptions } from '../../analyzers/index.js';
import type { Finding } from '../../core/contracts.js';
import { loadConfig } from '../../config/load.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { makeTempProject } from '../helpers/temp-project.js';

/** Features under `src/features/*` (not `src/domains`), declaring 8 operations in every import form. */
export const OPERATIONS_PROJECT = path.join(REPO_ROOT, 'test/fixtures/operations-project');

export type TempProject = ReturnType<typeof makeTempProject>;

export function copyOperationsProject(): TempProject & { edit(file: string, change: (text: string) => string): void } {
  const project = makeTempProject(OPERATIONS_PROJECT);
  return {
    ...project,
    edit(file, change) {
      const target = path.join(project.root, file);
      const before = readFileSync(target, 'utf8');
      const after = change(before);
      if (after === before) throw new Error(`edit of ${file} changed nothing: the test no longer matches the fixture`);
      writeFileSync(target, after);
    },
  };
}

export async function analyze(root: string, options: AnalyzerRunOptions = { cache: false }) {
  const config = await loadConfig({ cwd: root });
  return runAnalyzers(config, options);
}

/** The parts of a finding a test pins down. */
export function brief(finding: Finding) {
  return { ruleId: finding.ruleId, severity: finding.severity, file: finding.file, line: finding.line };
}
