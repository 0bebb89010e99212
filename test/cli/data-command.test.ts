import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOC_APP, REPO_ROOT } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const { temp } = projectsRemovedAfterAll();
const SECRET = 'topsecret-pw';

describe('plumbline data snapshot and the data gates from the CLI', () => {
  it('documents data snapshot and --db with examples', () => {
    const help = runCli(['data', 'snapshot', '--help'], REPO_ROOT);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('--db <url>');
    expect(runCli(['gate', '--help'], REPO_ROOT).stdout).toContain('--db <url>');
  });

  it('writes the same snapshot bytes as the committed one, twice', () => {
    const project = temp(HOC_APP);
    const file = path.join(project.root, 'db/data-profile.json');
    const committed = readFileSync(file);
    rmSync(file);
    const run = runCli(['data', 'snapshot'], project.root);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Profiled 49 columns of 10 tables in sqlite:db/hoc.sqlite');
    expect(readFileSync(file)).toEqual(committed);
    expect(runCli(['data', 'snapshot'], project.root).status).toBe(0);
    expect(readFileSync(file)).toEqual(committed);
  });

  it('the data gates pass on the clean app and write no secret anywhere when the database is unreachable', () => {
    const project = temp(HOC_APP);
    expect(runCli(['gate', '--only', 'schema-drift,data-quality'], project.root).status).toBe(0);
    const run = runCli(['gate', '--only', 'schema-drift,data-quality', '--db', `postgres://app:${SECRET}@127.0.0.1:1/app`], project.root);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('postgres://app:***@127.0.0.1:1/app');
    expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET);
    const dir = path.join(project.root, '.plumbline/evidence');
    // Every evidence file, gates' own folders included.
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(readFileSync(path.join(file.parentPath, file.name), 'utf8')).not.toContain(SECRET);
  });

  it('snapshot errors exit 2 with a clear message and no secret', () => {
    const project = temp(HOC_APP);
    const unreachable = runCli(['data', 'snapshot', '--db', `postgres://app:${SECRET}@127.0.0.1:1/app`], project.root);
    expect(unreachable.status).toBe(2);
    expect(unreachable.stderr).toMatch(/plumbline: cannot connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app/);
    expect(unreachable.stderr).not.toContain(SECRET);
    expect(unreachable.stderr).not.toMatch(/\n\s+at /);
    const outside = runCli(['data', 'snapshot', '--output', '/tmp/elsewhere.json'], project.root);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toContain('lies outside the project root');
  });
});
