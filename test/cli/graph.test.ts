import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import { HOC_APP, REPO_ROOT } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const { temp, defect } = projectsRemovedAfterAll();

/** No Graphviz, whatever the machine has: the fallback path is what these tests pin down. */
const NO_GRAPHVIZ = { GRAPHVIZ_DOT: '/nonexistent/graphviz/dot' };

describe('plumbline graph', () => {
  it('--help shows the formats, examples and exit codes', () => {
    const help = runCli(['graph', '--help'], REPO_ROOT);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('choices: "dot", "mermaid", "svg", "html"');
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('Exit codes:');
  });

  it('draws the clean layer graph as mermaid: layers, used and allowed edges, exit 0', () => {
    const project = temp(HOC_APP);
    const run = runCli(['graph', '--format', 'mermaid'], project.root);
    expect(run.status).toBe(0);
    expect(run.stdout.startsWith('flowchart TB\n')).toBe(true);
    expect(run.stdout).toContain('layer1["api (L2)<br/>7 modules"]');
    expect(run.stdout).toContain('layer1 -->|"4 imports"| layer2');
    expect(run.stdout).toContain('layer3 -->|"1 import (types)"| layer4');
    expect(run.stdout).toMatch(/layer6 -\.->\|"may import"\| layer5/);
    expect(run.stdout).not.toContain('#d32f2f');
    expect(runCli(['graph', '--format', 'mermaid'], project.root).stdout).toBe(run.stdout);
  });

  it('paints a layer violation red and exits 1', () => {
    const project = defect('api-imports-driver');
    const run = runCli(['graph', '--format', 'mermaid'], project.root);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/layer1 -->\|"1 import, 1 violation"\| layer4/);
    const index = run.stdout
      .split('\n')
      .filter((line) => line.includes('-->') || line.includes('-.->'))
      .findIndex((line) => line.includes('violation'));
    expect(run.stdout).toContain(`linkStyle ${index} stroke:#d32f2f`);
    expect(run.stderr).toContain('1 violation (in red)');

    const dot = runCli(['graph', '--format', 'dot'], project.root);
    expect(dot.stdout).toMatch(/"api" -> "drivers" \[label="1 import, 1 violation", color="#d32f2f"/);
    const html = runCli(['graph', '--format', 'html'], project.root);
    expect(html.stdout).toContain('<td class="violation">1 import, 1 violation</td>');
    expect(html.stdout).toContain('depcruise/layer-api-to-drivers');
    expect(html.stdout).not.toContain('<script');
  });

  it('svg without Graphviz: says so, writes mermaid instead (to .mmd), exits 0', () => {
    const project = temp(HOC_APP);
    const run = runCli(['graph', '--format', 'svg', '--output', 'layers.svg'], project.root, NO_GRAPHVIZ);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("svg needs Graphviz's '/nonexistent/graphviz/dot' binary, which was not found");
    expect(existsSync(path.join(project.root, 'layers.svg'))).toBe(false);
    expect(readFileSync(path.join(project.root, 'layers.mmd'), 'utf8')).toMatch(/^flowchart TB\n/);
  });

  it('svg with Graphviz: pipes the DOT source through `dot -Tsvg`', () => {
    const project = temp(HOC_APP);
    // A stand-in for Graphviz that checks its arguments and wraps its input, so the test runs anywhere.
    const fakeDot = project.write(
      'fake-dot.mjs',
      `#!${process.execPath}\nimport { readFileSync } from 'node:fs';\nif (process.argv[2] !== '-Tsvg') process.exit(3);\nconst dot = readFileSync(0, 'utf8');\nprocess.stdout.write('<svg data-edges="' + (dot.match(/->/g) ?? []).length + '"></svg>');\n`,
    );
    chmodSync(fakeDot, 0o755);
    const run = runCli(['graph', '--format', 'svg'], project.root, { GRAPHVIZ_DOT: fakeDot });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('<svg data-edges="12"></svg>');
  });

  it('draws the module graph with dependency-cruiser reporters', () => {
    const project = temp(HOC_APP);
    const dot = runCli(['graph', '--level', 'module', '--format', 'dot'], project.root);
    expect(dot.status).toBe(0);
    expect(dot.stdout).toContain('digraph "dependency-cruiser output"');
    expect(dot.stdout).toContain('src/api/router.ts');
    const mermaid = runCli(['graph', '--level', 'module'], project.root);
    expect(mermaid.stdout.startsWith('flowchart LR')).toBe(true);
  });

  it('bad options exit 2', () => {
    expect(runCli(['graph', '--format', 'png'], HOC_APP).status).toBe(2);
    expect(runCli(['graph', '--level', 'folder'], HOC_APP).status).toBe(2);
  });
});

describe('plumbline depcruise-config', () => {
  it('--help shows examples and exit codes', () => {
    const help = runCli(['depcruise-config', '--help'], REPO_ROOT);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('npx depcruise --config .dependency-cruiser.cjs src');
    expect(help.stdout).toContain('Exit codes:');
  });

  it('writes a loadable .dependency-cruiser.cjs, the same bytes each time, and overwrites only its own file', () => {
    const project = temp(HOC_APP);
    const run = runCli(['depcruise-config'], project.root);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^wrote \.dependency-cruiser\.cjs \(\d+ rules\)\n$/);
    const file = path.join(project.root, '.dependency-cruiser.cjs');
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('// Generated by `plumbline depcruise-config` from plumbline.config.ts.');
    expect(text).toContain('Do not edit by hand');
    const loaded = createRequire(import.meta.url)(file) as {
      forbidden: Array<{ name: string }>;
      options: { tsConfig: { fileName: string } };
    };
    expect(loaded.forbidden.map((r) => r.name)).toEqual(
      expect.arrayContaining(['layer-api-to-drivers', 'no-circular', 'no-orphans', 'not-to-unresolvable', 'not-to-dev-dep']),
    );
    expect(loaded.options.tsConfig.fileName).toBe('tsconfig.json');

    expect(runCli(['depcruise-config'], project.root).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);

    writeFileSync(file, 'module.exports = { forbidden: [] }; // hand-written\n');
    const refused = runCli(['depcruise-config'], project.root);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("exists and was not generated by 'plumbline depcruise-config': pass --force to overwrite it");
    expect(readFileSync(file, 'utf8')).toContain('hand-written');
    expect(runCli(['depcruise-config', '--force'], project.root).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('dependency-cruiser itself, run with the written file, finds the layer break the static rule finds', () => {
    const project = defect('api-imports-driver');
    const out = path.join(project.root, 'config/depcruise.cjs');
    expect(runCli(['depcruise-config', '--output', out], project.root).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('npx depcruise --config config/depcruise.cjs src');
    const depcruise = path.join(REPO_ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
    const cruise = spawnSync(process.execPath, [depcruise, '--config', out, '--output-type', 'err', 'src'], {
      cwd: project.root,
      encoding: 'utf8',
    });
    expect(cruise.status).not.toBe(0);
    expect(cruise.stdout).toContain('layer-api-to-drivers: src/api/policies.ts → src/domains/policies/drivers/policy-repository.ts');
    expect(cruise.stdout).toContain('1 dependency violations (1 errors, 0 warnings)');
  });
});
