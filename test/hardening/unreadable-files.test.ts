import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN } from '../helpers/paths.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const { temp } = projectsRemovedAfterAll();

/** As root nothing is unreadable: the CLI then runs as `nobody`, for whom a mode-000 file is. */
const asOtherUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function run(args: string[], cwd: string) {
  const env = { ...process.env, CI: 'true', NO_COLOR: '1' };
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], { cwd, encoding: 'utf8', env, ...asOtherUser });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('an unreadable source file', () => {
  it('is a clear error naming the file and errno, in check and in the architecture gate, never a stack or a cut message', () => {
    const project = temp();
    project.write('plumbline.config.json', JSON.stringify({ layers: { core: { paths: ['src/core/**'] } } }));
    project.write('src/core/a.ts', "import { b } from './b';\nexport const a = b;\n");
    const unreadable = project.write('src/core/b.ts', 'export const b = 1;\n');
    mkdirSync(path.join(project.root, '.plumbline'));
    chmodSync(project.root, 0o755);
    chmodSync(path.join(project.root, '.plumbline'), 0o777);
    chmodSync(unreadable, 0o000);
    // --config: the config belongs to another user when the CLI runs as nobody.
    const check = run(['check', '--no-cache', '--config', 'plumbline.config.json'], project.root);
    expect(check.status).toBe(2);
    expect(check.stderr).toContain('plumbline: cannot read src/core/b.ts: EACCES (permission denied)');
    expect(check.stderr).not.toMatch(/internal error|\n\s+at /);

    const gate = run(['gate', '--only', 'architecture', '--config', 'plumbline.config.json'], project.root);
    expect(gate.status).toBe(1);
    const evidence = JSON.parse(readFileSync(path.join(project.root, '.plumbline/evidence/evidence.json'), 'utf8'));
    expect(evidence.gates[0].reason).toBe("gate 'architecture' crashed: cannot read src/core/b.ts: EACCES (permission denied)");
    expect(gate.stdout).not.toContain('ran afoul');
  });
});
