import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/resolve.js';
import { createRedactor } from '../../config/secret-patterns.js';
import { parseDatabaseUrl, redactSecrets } from '../../gates/shared/database/connection-url.js';
import { isSafeIdentifier, quoteIdentifier, UnsafeIdentifierError } from '../../gates/shared/database/identifiers.js';
import { tableReference } from '../../gates/shared/database/table-reference.js';
import { checkRefSyntax, repositoryOf, resolveCommit, ReplaySetupError } from '../../gates/replay/git-repository.js';
import { resolveEvidenceDir, resolveReportDir } from '../../cli/options.js';
import { analyzerCacheDir } from '../../analyzers/cache.js';
import { isInsideProject } from '../../config/project-paths.js';
import { lintCacheFile } from '../../gates/static/lint.js';
import { UsageError } from '../../cli/exit-codes.js';
import { writeEvidence } from '../../report/write-evidence.js';
import { runCli } from '../helpers/run-cli.js';
import { sampleEvidence } from '../helpers/sample-evidence.js';
import { makeTempProject } from '../helpers/temp-project.js';

/**
 * Each guarantee is tried with an attack: shell metacharacters in refs, SQL in identifiers, paths out of the project,
 * secrets in evidence.
 */

const temps: Array<{ remove(): void }> = [];
afterAll(() => temps.forEach((temp) => temp.remove()));
const temp = () => {
  const project = makeTempProject();
  temps.push(project);
  return project;
};

describe('git refs from the command line', () => {
  it('refuses option-looking and control-character refs before git sees them', () => {
    for (const ref of ['--upload-pack=touch /tmp/pwned', '-c', '--output=/tmp/x', '', '  ', 'main\nHEAD', 'a\0b', 'HEAD\r']) {
      expect(() => checkRefSyntax(ref, 'baseline ref'), JSON.stringify(ref)).toThrow(ReplaySetupError);
    }
  });

  it('passes refs to git as one argument, never through a shell: metacharacters are only a ref that does not exist', async () => {
    const project = temp();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: project.root, stdio: 'ignore' });
    git('init', '-q');
    project.write('a.txt', 'a\n');
    git('add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'one');
    const repository = await repositoryOf(project.root);
    expect(await resolveCommit(repository, 'HEAD', 'ref')).toMatch(/^[0-9a-f]{40}$/);
    const marker = path.join(project.root, 'PWNED');
    for (const ref of [
      `$(touch ${marker})`,
      `HEAD; touch ${marker}`,
      `HEAD && touch ${marker}`,
      `\`touch ${marker}\``,
      `HEAD | touch ${marker}`,
    ]) {
      await expect(resolveCommit(repository, ref, 'baseline ref')).rejects.toThrow(ReplaySetupError);
    }
    expect(existsSync(marker)).toBe(false);
  });
});

describe('SQL identifiers', () => {
  it('accepts only plain identifiers and quotes them; every other string is refused, never escaped', () => {
    for (const attack of [
      'users"; DROP TABLE users; --',
      'a b',
      "x' OR '1'='1",
      'users--',
      'Robert"); DROP',
      '"quoted"',
      '',
      '1abc',
      'a'.repeat(64),
    ]) {
      expect(() => quoteIdentifier(attack), attack).toThrow(UnsafeIdentifierError);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (name) => {
        if (isSafeIdentifier(name)) expect(quoteIdentifier(name)).toBe(`"${name}"`);
        else expect(() => quoteIdentifier(name)).toThrow(UnsafeIdentifierError);
      }),
      { numRuns: 500, seed: 3 },
    );
  });

  it('checks the schema too: a schema name from the URL cannot smuggle SQL', () => {
    expect(() => parseDatabaseUrl('postgres://u@h/db?schema=public";DROP TABLE x;--', { root: '/p' })).toThrow(/unsafe schema name/);
    const target = parseDatabaseUrl('postgres://u@h/db?schema=billing', { root: '/p' });
    expect(tableReference(target, 'invoices')).toBe('"billing"."invoices"');
    expect(() => tableReference(target, 'invoices"; DROP TABLE x; --')).toThrow(UnsafeIdentifierError);
  });
});

describe('paths from the command line and the config', () => {
  const project = makeTempProject();
  temps.push(project);
  const config = resolveConfig({ layers: { app: { paths: ['src/**'] } } }, { cwd: project.root });

  it('keeps --evidence-dir, the config evidenceDir and report folders inside the project', () => {
    const outside = [
      path.relative(process.cwd(), path.join(os.tmpdir(), 'x')),
      '../../tmp/x',
      path.join(os.tmpdir(), 'plumbline-escape'),
      '/',
    ];
    for (const dir of outside) {
      expect(() => resolveEvidenceDir(config, dir), dir).toThrow(UsageError);
      expect(() => resolveReportDir(config, dir, '--out'), dir).toThrow(/--out: report folder .* lies outside the project root/);
    }
    expect(() => resolveEvidenceDir({ ...config, evidenceDir: '../escape' }, undefined)).toThrow(
      /evidenceDir \(config\): evidence folder .* lies outside/,
    );
    expect(resolveEvidenceDir(config, path.join(project.root, 'ev'))).toBe(path.join(project.root, 'ev'));
  });

  it('resolves symlinks before the inside-the-project check: a linked .plumbline cannot write elsewhere', () => {
    const linked = makeTempProject();
    temps.push(linked);
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'plumbline-elsewhere-'));
    try {
      symlinkSync(elsewhere, path.join(linked.root, '.plumbline'), 'dir');
      const linkedConfig = resolveConfig({ layers: { app: { paths: ['src/**'] } } }, { cwd: linked.root });
      expect(() => resolveEvidenceDir(linkedConfig, undefined)).toThrow(
        /evidenceDir \(config\): evidence folder .* lies outside the project/,
      );
      expect(() => resolveReportDir(linkedConfig, path.join(linked.root, '.plumbline/replay'), '--out')).toThrow(/lies outside/);
      expect(isInsideProject(linked.root, lintCacheFile(linkedConfig))).toBe(false);
      expect(isInsideProject(linked.root, analyzerCacheDir(linked.root))).toBe(false);
      expect(isInsideProject(linked.root, path.join(linked.root, 'src/not-yet/file.ts'))).toBe(true);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('secrets never reach evidence', () => {
  const secrets = ['hunter2', 's3cr3t-pw', 'tok_abcdef123456', 'AKIA1234SECRET', 'ACME-424242', 'eyJhbGciOiJIUzI1NiJ9.payload.sig'];
  const leaky = [
    'connect failed: postgres://app:hunter2@db.internal:5432/app',
    'env: PASSWORD=s3cr3t-pw and token: tok_abcdef123456',
    '{"api_key": "AKIA1234SECRET"}',
    'customer ACME-424242 rejected',
    'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
  ].join('; ');

  it('masks built-in and configured patterns in every evidence file and in gate artifacts inside the evidence folder', () => {
    const project = temp();
    const dir = path.join(project.root, '.plumbline/evidence');
    const evidence = sampleEvidence();
    const firstGate = evidence.gates[0];
    if (!firstGate) throw new Error('sample evidence without gates');
    firstGate.findings = [{ ruleId: 'test/leak', severity: 'error', message: leaky, file: 'src/a.ts', line: 1, column: 1 }];
    firstGate.reason = leaky;
    // A gate artifact inside the evidence folder (redacted), and a project file outside it (the project's own: untouched).
    const artifact = project.write('.plumbline/evidence/static/report.md', `# Report\n\n${leaky}\n`);
    const own = project.write('docs/secrets.md', leaky);
    firstGate.artifacts = ['.plumbline/evidence/static/report.md', 'docs/secrets.md'];
    writeEvidence(evidence, dir, { redact: ['ACME-\\d{6}'], root: project.root });
    const files = [
      ...readdirSync(dir)
        .filter((name) => name.includes('.'))
        .map((name) => path.join(dir, name)),
      artifact,
    ];
    expect(files.length).toBe(6);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const secret of secrets) expect(text, `${path.basename(file)} holds ${secret}`).not.toContain(secret);
      expect(text).toContain('***');
    }
    // The finding still says what happened, without the secret.
    expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toContain('postgres://app:***@db.internal:5432/app');
    expect(readFileSync(own, 'utf8')).toBe(leaky);
  });

  it('redacts any password generated into a URL or a key=value pair', () => {
    const redact = createRedactor();
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9!$%*+\-_.~]{4,20}$/),
        fc.constantFrom('password', 'secret', 'token', 'api_key', 'API-KEY', 'Passwd'),
        (secret, key) => {
          expect(redact(`postgres://user:${secret}@host/db`)).not.toContain(`:${secret}@`);
          expect(redact(`${key}=${secret} next`)).toBe(`${key}=*** next`);
          expect(redactSecrets(`url postgres://u:${secret}@h/d`, secret)).not.toContain(secret);
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });

  it('end to end: `plumbline gate` writes no secret from a finding, and refuses an evidence folder outside the project (exit 2)', () => {
    const project = temp();
    mkdirSync(path.join(project.root, 'src/app'), { recursive: true });
    project.write('src/app/pay_service.ts', 'export const pay = 1;\n');
    project.write(
      'plumbline.config.json',
      JSON.stringify({
        include: ['src/**/*.ts'],
        layers: { app: { paths: ['src/**'] } },
        bannedFiles: [{ pattern: '**/*_service.ts', reason: 'ask ops (postgres://ops:hunter2@db/x, ACME-424242)' }],
        redact: ['ACME-\\d{6}'],
      }),
    );
    const run = runCli(['gate', '--only', 'static'], project.root);
    expect(run.status).toBe(1);
    const dir = path.join(project.root, '.plumbline/evidence');
    const texts = readdirSync(dir)
      .filter((name) => name.includes('.'))
      .map((name) => readFileSync(path.join(dir, name), 'utf8'));
    expect(texts).toHaveLength(5);
    expect(texts.join('\n')).toContain('postgres://ops:***@db/x');
    for (const text of texts) for (const secret of ['hunter2', 'ACME-424242']) expect(text).not.toContain(secret);

    const escape = runCli(['gate', '--only', 'static', '--evidence-dir', '../../tmp/plumbline-escape'], project.root);
    expect(escape.status).toBe(2);
    expect(escape.stderr).toMatch(/--evidence-dir: evidence folder .* lies outside the project root/);
    expect(escape.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(project.root, '../../tmp/plumbline-escape'))).toBe(false);
  });
});
