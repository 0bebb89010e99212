import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { oxlintBin } from '../../gates/static/oxlint-engine.js';
import { rules } from '../../rules/index.js';
import { readExpected } from '../helpers/defects.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const execFileAsync = promisify(execFile);
const { defect } = projectsRemovedAfterAll();

/** The `.oxlintrc.json` snippet of docs/oxlint.md, as a team would paste it. */
function documentedOxlintConfig(): { jsPlugins: string[]; rules: Record<string, string> } {
  const doc = readFileSync(path.join(REPO_ROOT, 'docs/oxlint.md'), 'utf8');
  const block = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('docs/oxlint.md has no json snippet');
  return JSON.parse(block) as { jsPlugins: string[]; rules: Record<string, string> };
}

describe('docs/oxlint.md', () => {
  it('names every recommended rule', () => {
    const recommended = Object.entries(rules)
      .filter(([, rule]) => rule.meta.docs?.recommended)
      .map(([name]) => `plumbline/${name}`);
    expect(Object.keys(documentedOxlintConfig().rules).sort()).toEqual(recommended.sort());
  });

  it('finds a seeded defect when oxlint runs with the documented .oxlintrc.json', async () => {
    const name = 'engine-reads-clock';
    const project = defect(name);
    writeFileSync(path.join(project.root, '.oxlintrc.json'), JSON.stringify(documentedOxlintConfig()));
    const bin = oxlintBin();
    if (!bin) throw new Error('oxlint is not installed');
    // oxlint exits 1 when it reports errors; its report is on stdout either way.
    const run = await execFileAsync(process.execPath, [bin, '-f', 'json', 'src'], { cwd: project.root }).catch(
      (error: { code?: number; stdout?: string }) => {
        if (error.code !== 1 || !error.stdout) throw error;
        return { stdout: error.stdout };
      },
    );
    type Diagnostic = { code?: string; filename: string; labels: Array<{ span: { line: number } }> };
    const report = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
    const found = report.diagnostics
      .filter((diagnostic) => diagnostic.code?.startsWith('plumbline('))
      .map((diagnostic) => ({
        ruleId: diagnostic.code?.replace(/^plumbline\((.*)\)$/, 'plumbline/$1'),
        file: diagnostic.filename,
        line: diagnostic.labels[0]?.span.line,
      }));
    expect(found).toEqual(readExpected(name).findings.map(({ ruleId, file, line }) => ({ ruleId, file, line })));
  });
});
