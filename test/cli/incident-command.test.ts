import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIncidentNewCommand, type IncidentNewIo, type IncidentNewOptions } from '../../cli/incident-command.js';
import { parseIncidentRecord } from '../../gates/incidents/incident-record.js';
import { HOC_APP } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const { temp } = projectsRemovedAfterAll();

/** A project with a config and nothing else: the domains come from the io, as the analyzers would give them. */
function project() {
  const created = temp();
  created.write(
    'plumbline.config.mjs',
    "export default { preset: 'hoc', domains: ['src/domains/*'], incidents: { dir: 'records/incidents' } };\n",
  );
  return created;
}

function io(answers: string[] = [], interactive = false): IncidentNewIo & { output: string[]; questions: string[] } {
  const output: string[] = [];
  const questions: string[] = [];
  return {
    output,
    questions,
    ask: interactive
      ? async (question) => {
          questions.push(question);
          return answers.shift() ?? '';
        }
      : undefined,
    write: (text) => output.push(text),
    today: () => '2026-11-26',
    domains: async () => ['controls', 'policies'],
  };
}

const FLAGS: IncidentNewOptions = {
  id: 'INC-2026-020',
  title: 'Deny lost to an allow',
  owner: 'policies',
  invariant: ['INV-POL-001'],
  test: ['test/policy.test.ts::conflicts > deny wins'],
};

function readRecord(root: string, id = 'INC-2026-020') {
  const file = path.join(root, 'records/incidents', `${id}.md`);
  const parsed = parseIncidentRecord(`records/incidents/${id}.md`, readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.record.front;
}

describe('plumbline incident new (in process)', () => {
  it('scaffolds a record from flags, dated today and open by default', async () => {
    const { root } = project();
    const terminal = io();
    expect(await runIncidentNewCommand({ ...FLAGS, config: path.join(root, 'plumbline.config.mjs') }, terminal)).toBe(0);
    expect(readRecord(root)).toEqual({
      incident_id: 'INC-2026-020',
      title: 'Deny lost to an allow',
      date: '2026-11-26',
      owner: 'policies',
      status: 'open',
      invariants: ['INV-POL-001'],
      tests: [{ file: 'test/policy.test.ts', name: 'conflicts > deny wins' }],
    });
    expect(terminal.output.join('')).toContain('wrote records/incidents/INC-2026-020.md');
  });

  it('refuses bad input with a usage error naming the flag, and never overwrites', async () => {
    const { root } = project();
    const config = path.join(root, 'plumbline.config.mjs');
    const attempt = (options: IncidentNewOptions) => runIncidentNewCommand({ ...FLAGS, config, ...options }, io());
    await expect(attempt({ owner: 'billing' })).rejects.toThrow("--owner: 'billing' is not a domain (domains: controls, policies)");
    await expect(attempt({ date: '2026-02-30' })).rejects.toThrow('--date: not a real calendar date');
    await expect(attempt({ status: 'done' })).rejects.toThrow(/--status: /);
    await expect(attempt({ test: ['test/policy.test.ts'] })).rejects.toThrow('--test: expected <file>::<test name>');
    await expect(attempt({ id: '../escape' })).rejects.toThrow(/--id: an incident id starts with a letter or digit/);
    await expect(runIncidentNewCommand({ config, id: 'INC-1' }, io())).rejects.toThrow(
      'missing --title, --owner, --invariant (not at a terminal, so nothing can be asked)',
    );
    expect(existsSync(path.join(root, 'records'))).toBe(false);

    expect(await attempt({})).toBe(0);
    const before = readFileSync(path.join(root, 'records/incidents/INC-2026-020.md'), 'utf8');
    await expect(attempt({ title: 'Another title' })).rejects.toThrow(
      'records/incidents/INC-2026-020.md already exists: pick another --id',
    );
    expect(readFileSync(path.join(root, 'records/incidents/INC-2026-020.md'), 'utf8')).toBe(before);
  });

  it('asks for the missing fields at a terminal', async () => {
    const { root } = project();
    const terminal = io(
      [
        'INC-2026-021',
        'Stale evidence passed',
        'controls',
        'INV-CTL-001, INV-CTL-002',
        'test/controls.test.ts::stale > degrades',
        '',
        '',
        'mitigated',
      ],
      true,
    );
    expect(await runIncidentNewCommand({ config: path.join(root, 'plumbline.config.mjs') }, terminal)).toBe(0);
    expect(readRecord(root, 'INC-2026-021')).toEqual({
      incident_id: 'INC-2026-021',
      title: 'Stale evidence passed',
      date: '2026-11-26',
      owner: 'controls',
      status: 'mitigated',
      invariants: ['INV-CTL-001', 'INV-CTL-002'],
      tests: [{ file: 'test/controls.test.ts', name: 'stale > degrades' }],
    });
    expect(terminal.questions[2]).toBe('Owning domain (controls, policies): ');
  });
});

describe('plumbline incident new (built CLI)', () => {
  it('writes a record the incidents gate can read, then exits 2 rather than overwrite it', () => {
    const { root } = temp(HOC_APP);
    const args = [
      'incident',
      'new',
      '--id',
      'INC-2026-030',
      '--title',
      'Deny lost to an allow',
      '--owner',
      'policies',
      '--invariant',
      'INV-POLICIES-001',
      '--test',
      'test/policies.engine.test.ts::policy conflict resolution > lets any deny override higher-priority allows',
      '--date',
      '2026-11-20',
      '--status',
      'resolved',
    ];
    const first = runCli(args, root);
    expect(first.stderr).toMatch(/^plumbline: config \S+plumbline\.config\.\w+\n$/);
    expect(first.status).toBe(0);
    const parsed = parseIncidentRecord('incidents/INC-2026-030.md', readFileSync(path.join(root, 'incidents/INC-2026-030.md'), 'utf8'));
    expect(parsed.ok && parsed.record.front.status).toBe('resolved');
    const second = runCli(args, root);
    expect(second.status).toBe(2);
    expect(second.stderr).toContain('plumbline: incidents/INC-2026-030.md already exists: pick another --id\n');
  });
});
