import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOC_APP } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const { temp } = projectsRemovedAfterAll();

describe.each(['eslint', 'oxlint'])('plumbline check --engine %s: caches', (engine) => {
  it('a warm run gives the same result from the caches, and a changed file is linted again', () => {
    const project = temp(HOC_APP);
    const cold = runCli(['check', '--engine', engine, '--format', 'json'], project.root);
    expect(cold.status).toBe(0);
    expect(existsSync(path.join(project.root, `.plumbline/cache/${engine}/results.json`))).toBe(true);
    expect(existsSync(path.join(project.root, '.plumbline/cache/analyzers/transactions.json'))).toBe(true);
    const warm = runCli(['check', '--engine', engine, '--format', 'json'], project.root);
    expect(warm.stdout).toBe(cold.stdout);

    // A driver now commits on its own: the cached result of that file must not hide it.
    const driver = path.join(project.root, 'src/domains/policies/drivers/policy-repository.ts');
    writeFileSync(
      driver,
      `${readFileSync(driver, 'utf8')}\nexport function commitNow(db: { exec(sql: string): void }): void {\n  db.exec('COMMIT');\n}\n`,
    );
    const edited = runCli(['check', '--engine', engine, '--format', 'json'], project.root);
    expect(edited.status).toBe(1);
    const { findings } = JSON.parse(edited.stdout) as { findings: Array<{ ruleId: string; file: string }> };
    expect(findings.map((finding) => `${finding.ruleId} ${finding.file}`)).toEqual([
      'plumbline/transaction-boundaries src/domains/policies/drivers/policy-repository.ts',
    ]);
  });

  it('an edited config is seen at once: the warm run after it gives what a run without caches gives', () => {
    const project = temp(HOC_APP);
    const cold = runCli(['check', '--engine', engine, '--format', 'json'], project.root);
    expect(cold.status).toBe(0);
    // The TypeScript config was transpiled once and kept.
    expect(existsSync(path.join(project.root, '.plumbline/cache/config'))).toBe(true);

    // The api may no longer import models: every such import becomes a finding, whatever the caches hold.
    const configFile = path.join(project.root, 'plumbline.config.ts');
    const config = readFileSync(configFile, 'utf8');
    const narrowed = config.replace("mayImport: ['spine', 'models']", "mayImport: ['spine']");
    expect(narrowed).not.toBe(config);
    writeFileSync(configFile, narrowed);
    const warm = runCli(['check', '--engine', engine, '--format', 'json'], project.root);
    const uncached = runCli(['check', '--engine', engine, '--format', 'json', '--no-cache'], project.root);
    expect(warm.status).toBe(1);
    expect(warm.stdout).toBe(uncached.stdout);
    const { findings } = JSON.parse(warm.stdout) as { findings: Array<{ ruleId: string }> };
    expect(findings.some((finding) => finding.ruleId === 'plumbline/layer-boundaries')).toBe(true);
  });

  it('--no-cache neither reads nor writes the caches', () => {
    const project = temp(HOC_APP);
    expect(runCli(['check', '--engine', engine, '--no-cache'], project.root).status).toBe(0);
    expect(existsSync(path.join(project.root, '.plumbline/cache'))).toBe(false);
  });
});
