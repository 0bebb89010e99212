import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../config/load.js';
import type { ResolvedConfig } from '../config/resolve.js';
import {
  INCIDENT_STATUSES,
  IncidentFrontMatterSchema,
  renderIncidentRecord,
  type IncidentFrontMatter,
} from '../gates/incidents/incident-record.js';
import { incidentsDir } from '../gates/incidents/read-incidents.js';
import { isTerminal } from '../report/terminal.js';
import { EXIT_PASS, UsageError } from './exit-codes.js';
import { notifyOnStderr } from './options.js';

export interface IncidentNewOptions {
  config?: string;
  id?: string;
  title?: string;
  owner?: string;
  invariant?: string[];
  test?: string[];
  date?: string;
  status?: string;
}

/** Asks one question; an empty answer means "none" or "the default". */
export type Ask = (question: string) => Promise<string>;

export interface IncidentNewIo {
  /** Present when a person is at a terminal: missing fields are asked for. */
  ask?: Ask;
  write(text: string): void;
  /** The day a new incident is dated when --date is not given (YYYY-MM-DD). */
  today(): string;
  /** The domains an owner may name (the analyzers' view of the configured domain globs). */
  domains(config: ResolvedConfig): Promise<string[]>;
}

/** `file::name` → { file, name }. */
export function parseTestOption(value: string): { file: string; name: string } {
  const at = value.indexOf('::');
  const file = at < 0 ? '' : value.slice(0, at).trim();
  const name = at < 0 ? '' : value.slice(at + 2).trim();
  if (!file || !name)
    throw new UsageError(`--test: expected <file>::<test name>, e.g. 'test/x.test.ts::rejects a stale policy', got '${value}'`);
  return { file, name };
}

/**
 * `plumbline incident new`: scaffolds `<incidents.dir>/<id>.md` from the
 * flags, asking for missing fields on a terminal. Never overwrites a record;
 * a bad field or an owner that is not a domain is a usage error (exit 2).
 */
export async function runIncidentNewCommand(options: IncidentNewOptions, io: IncidentNewIo = terminalIo()): Promise<number> {
  const config = await loadConfig({ configFile: options.config, notify: notifyOnStderr });
  // Asked once, and only when needed: a missing flag is reported before the project is analysed.
  let known: Promise<string[]> | undefined;
  const listDomains = () => (known ??= io.domains(config));
  const fields = await collectFields(options, io, listDomains);
  const parsed = IncidentFrontMatterSchema.safeParse(fields);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${flagOf(issue.path[0])}: ${issue.message}`);
    throw new UsageError(`the incident is not valid:\n  ${problems.join('\n  ')}`);
  }
  const front: IncidentFrontMatter = parsed.data;
  const domains = await listDomains();
  if (!domains.includes(front.owner)) {
    throw new UsageError(
      `--owner: '${front.owner}' is not a domain (${domains.length === 0 ? 'no domain is configured' : `domains: ${domains.join(', ')}`})`,
    );
  }
  if (front.invariants.length === 0) throw new UsageError('--invariant: name at least one invariant id that guards against this incident');
  const dir = incidentsDir(config);
  const target = path.join(config.root, dir, `${front.incident_id}.md`);
  mkdirSync(path.dirname(target), { recursive: true });
  try {
    // 'wx': fails when the file exists, so a record is never overwritten (even by a racing run).
    writeFileSync(target, renderIncidentRecord(front), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UsageError(`${path.posix.join(dir, `${front.incident_id}.md`)} already exists: pick another --id`);
    throw error;
  }
  io.write(`wrote ${path.posix.join(dir, `${front.incident_id}.md`)}: fill in what happened, then run plumbline gate --only incidents\n`);
  return EXIT_PASS;
}

async function collectFields(
  options: IncidentNewOptions,
  io: IncidentNewIo,
  listDomains: () => Promise<string[]>,
): Promise<Record<string, unknown>> {
  const tests = (options.test ?? []).map(parseTestOption);
  const invariants = [...(options.invariant ?? [])];
  let { id, title, owner, date, status } = options;
  const ask = io.ask;
  if (ask) {
    id ??= (await ask('Incident id (the file name), e.g. INC-2026-014: ')).trim();
    title ??= (await ask('Title: ')).trim();
    owner ??= (await ask(`Owning domain (${(await listDomains()).join(', ')}): `)).trim();
    if (invariants.length === 0) {
      invariants.push(...splitList(await ask('Invariant ids that guard against it (comma separated): ')));
    }
    if (tests.length === 0) {
      for (;;) {
        const answer = (await ask('Regression test as <file>::<test name> (empty to finish): ')).trim();
        if (!answer) break;
        tests.push(parseTestOption(answer));
      }
    }
    date ??= (await ask(`Date (YYYY-MM-DD, empty for ${io.today()}): `)).trim() || undefined;
    status ??= (await ask(`Status (${INCIDENT_STATUSES.join(', ')}; empty for open): `)).trim() || undefined;
  } else {
    const missing = [
      id === undefined && '--id',
      title === undefined && '--title',
      owner === undefined && '--owner',
      invariants.length === 0 && '--invariant',
    ].filter(Boolean);
    if (missing.length > 0) throw new UsageError(`missing ${missing.join(', ')} (not at a terminal, so nothing can be asked)`);
  }
  return { incident_id: id, title, date: date ?? io.today(), owner, invariants, tests, status: status ?? 'open' };
}

function splitList(answer: string): string[] {
  return answer
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

const FLAGS: Record<string, string> = {
  incident_id: '--id',
  title: '--title',
  date: '--date',
  owner: '--owner',
  invariants: '--invariant',
  tests: '--test',
  status: '--status',
};

function flagOf(key: PropertyKey | undefined): string {
  return (typeof key === 'string' && FLAGS[key]) || 'incident';
}

/** Questions on the terminal when both ends are one; otherwise flags only. */
function terminalIo(): IncidentNewIo {
  const interactive = isTerminal(process.stdin) && isTerminal(process.stdout);
  return {
    ask: interactive
      ? async (question) => {
          const readline = createInterface({ input: process.stdin, output: process.stdout });
          try {
            return await readline.question(question);
          } finally {
            readline.close();
          }
        }
      : undefined,
    write: (text) => process.stdout.write(text),
    today: () => new Date().toISOString().slice(0, 10),
    async domains(config) {
      const { runAnalyzers } = await import('../analyzers/index.js');
      return (await runAnalyzers(config)).operations.domains;
    },
  };
}
