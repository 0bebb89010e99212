import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDocsCommand } from '../../cli/docs-command.js';
import { loadConfig } from '../../config/load.js';
import { generateAssuranceDocs } from '../../gates/docs/assurance-docs.js';
import { builtinGates, docsGate } from '../../gates/runner/registry.js';
import { findingKey, listBehaviourDefects, overlayChecker } from '../helpers/behaviour-defects.js';
import { HOC_APP } from '../helpers/paths.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

/**
 * The docs gate and `plumbline docs` on hoc-app and the drift overlay. One copy
 * of hoc-app serves every test in turn (each overlay is laid and undone), so the
 * analyzers parse it once and later runs read their cache.
 */
const { temp } = projectsRemovedAfterAll();
const project = temp(HOC_APP);

// The overlays change incidents and sources, never the config: load it once.
const config = await loadConfig({ cwd: project.root });

const { run, expectOverlay } = overlayChecker(project.root, config);

describe('docs gate', () => {
  it('passes hoc-app, whose committed docs are what plumbline docs generates', async () => {
    const outcome = await run(docsGate);
    expect(outcome.findings).toEqual([]);
    expect(outcome.metrics).toEqual({ documents: 7, stale: 0 });
  });

  it('generates the same bytes in every process, from code and config alone', async () => {
    const first = await generateAssuranceDocs(config, builtinGates);
    if (!first.ok) throw new Error('generation failed');
    // The committed pages were written by the CLI in another process, in another folder.
    for (const document of first.documents) expect(document.text).toBe(readFileSync(path.join(HOC_APP, document.file), 'utf8'));
    expect(first.documents.map((document) => document.file)).toEqual([
      'docs/assurance/index.md',
      'docs/assurance/operations.md',
      'docs/assurance/failure-injection-matrix.md',
      'docs/assurance/rollout-contract.md',
      'docs/assurance/incidents.md',
      'docs/assurance/routes.md',
      'docs/assurance/route-manifest.json',
    ]);
    const index = first.documents[0]?.text ?? '';
    for (const gate of builtinGates)
      expect(index).toContain(`| \`plumbline gate --only ${gate.id}\` | \`.plumbline/evidence/${gate.id}/\` |`);
    // Observed outcomes belong to a run: the generated matrix has the declared columns only.
    expect(first.documents[2]?.text).toContain(
      '| `metric-feed.timeout` (test/drills/policies.drill.ts) | timeout after 5 ms on every call of latest() | safe fallback null |\n',
    );
  });

  it.each(listBehaviourDefects('docs'))('%s gives exactly its expected findings', async (name) => {
    await expectOverlay(docsGate, 'docs', name);
  });

  it('reports a hand edit at its line and a missing page, and plumbline docs repairs both', async () => {
    const ledger = path.join(project.root, 'docs/assurance/incidents.md');
    const original = readFileSync(ledger, 'utf8');
    writeFileSync(ledger, original.replace('| resolved |', '| closed |'));
    rmSync(path.join(project.root, 'docs/assurance/rollout-contract.md'));
    const broken = await run(docsGate);
    expect(broken.findings.map(findingKey)).toEqual([
      'docs/stale error docs/assurance/incidents.md:9',
      'docs/missing error docs/assurance/rollout-contract.md:0',
    ]);

    const configFile = path.join(project.root, 'plumbline.config.ts');
    expect(await runDocsCommand({ config: configFile, check: true })).toBe(1);
    expect(await runDocsCommand({ config: configFile })).toBe(0);
    expect(readFileSync(ledger, 'utf8')).toBe(original);
    expect((await run(docsGate)).findings).toEqual([]);
  });

  it('is not run, with its reason, on a project that never generated the docs', async () => {
    const dir = path.join(project.root, 'docs/assurance');
    rmSync(dir, { recursive: true });
    try {
      const fresh = await run(docsGate);
      expect(fresh.findings).toEqual([]);
      expect(fresh.nothingToCheck).toBe('no assurance docs generated yet in docs/assurance/: run plumbline docs and commit them');
    } finally {
      expect(await runDocsCommand({ config: path.join(project.root, 'plumbline.config.ts') })).toBe(0);
    }
    expect((await run(docsGate)).nothingToCheck).toBeUndefined();
  });
});
