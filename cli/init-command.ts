import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { writeFileAtomic } from '../core/atomic-write.js';
import { CONFIG_FILE_NAMES } from '../config/load.js';
import { resolveConfig } from '../config/resolve.js';
import { PresetNameSchema, type PresetName } from '../config/schema.js';
import { isTerminal } from '../report/terminal.js';
import { UsageError } from './exit-codes.js';
import { detectProject, type ProjectFacts } from '../config/layout-detection/project-facts.js';
import { addPluginToEslintConfig, ESLINT_CONFIG_NAMES, ESLINT_INSTRUCTIONS } from './init/eslint-config.js';
import { withPlumblineIgnored } from './init/gitignore.js';
import { FITNESS_SCRIPTS, mergeFitnessScripts } from './init/package-scripts.js';
import { installCommandLines } from './init/install-commands.js';
import { HOOK_COMMAND, installPreCommitHook, preCommitHookFile } from './init/pre-commit-hook.js';
import { proposeLayout, type LayoutProposal } from '../config/layout-detection/propose-layout.js';
import { withPureSharedCode } from '../config/layout-detection/pure-shared-code.js';
import { withTransactionOwners } from '../config/layout-detection/transaction-owners.js';
import { readSourceEvidence } from './init/read-source-evidence.js';
import { buildConfigObject, describeDetection, renderConfigSource } from './init/render-config.js';

export interface InitOptions {
  /** Project folder; default the current folder. */
  root?: string;
  /** Rewrite plumbline.config.ts and replace conflicting scripts; append to an existing hook. */
  force?: boolean;
  /** true: install the pre-commit hook; false: do not; undefined: ask on a terminal, else only say how. */
  hook?: boolean;
  /** Use this preset instead of the best-matching one. */
  preset?: string;
}

export interface InitReport {
  /** Every file created or changed, project-relative, in the order they were written. */
  changes: Array<{ file: string; action: 'created' | 'updated' }>;
  /** What was detected and what the user still has to do. */
  notes: string[];
}

export const CONFIG_FILE = 'plumbline.config.ts';

/**
 * `plumbline init`: detect the layout, write plumbline.config.ts, add the
 * fitness scripts, the ESLint plugin and (if asked) the pre-commit hook.
 * Idempotent: what is already in place is left byte for byte.
 */
export async function initProject(options: InitOptions, ask?: (question: string) => Promise<boolean>): Promise<InitReport> {
  const root = path.resolve(options.root ?? process.cwd());
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--root: ${root} is not a folder`);
  let preset: PresetName | undefined;
  if (options.preset !== undefined) {
    const parsed = PresetNameSchema.safeParse(options.preset);
    if (!parsed.success) throw new UsageError(`--preset: expected one of ${PresetNameSchema.options.join(', ')}, got '${options.preset}'`);
    preset = parsed.data;
  }
  const report: InitReport = { changes: [], notes: [] };
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/') || file;
  const write = (file: string, text: string) => {
    const existed = existsSync(file);
    writeFileAtomic(file, text);
    report.changes.push({ file: relative(file), action: existed ? 'updated' : 'created' });
  };
  const facts = await detectProject(root);

  // 1. The config.
  const existing = CONFIG_FILE_NAMES.map((name) => path.join(root, name)).find((file) => existsSync(file));
  const target = path.join(root, CONFIG_FILE);
  if (existing && !options.force) {
    report.notes.push(`kept ${relative(existing)}: a config exists (--force rewrites ${CONFIG_FILE} from what init detects)`);
  } else {
    const proposal = proposeInitLayout(facts, preset);
    const config = buildConfigObject(facts, proposal);
    // Fail closed: never write a config that Plumbline itself would reject.
    resolveConfig(config, { cwd: root });
    const source = renderConfigSource(facts, proposal, config);
    if (!existsSync(target) || readFileSync(target, 'utf8') !== source) {
      write(target, source);
      report.notes.push(...describeDetection(facts, proposal));
    }
    if (existing && existing !== target) report.notes.push(`${relative(existing)} is now unused (${CONFIG_FILE} is read first): delete it`);
  }

  // 2. The scripts.
  if (facts.packageJson) {
    let merged;
    try {
      merged = mergeFitnessScripts(readFileSync(facts.packageJson.file, 'utf8'), options.force === true);
    } catch (error) {
      throw new UsageError(`${relative(facts.packageJson.file)}: ${(error as Error).message}`);
    }
    if (merged.text !== undefined) write(facts.packageJson.file, merged.text);
    for (const conflict of merged.conflicts) {
      const wanted = FITNESS_SCRIPTS.find(([name]) => name === conflict.name)?.[1];
      report.notes.push(
        `kept your "${conflict.name}" script ("${conflict.existing}"); Plumbline's would be "${wanted}" (--force replaces it)`,
      );
    }
  } else {
    report.notes.push(
      `no package.json: add the scripts yourself: ${FITNESS_SCRIPTS.map(([name, command]) => `"${name}": "${command}"`).join(', ')}`,
    );
  }

  // 3. .gitignore: evidence and caches are never committed.
  const gitignore = path.join(root, '.gitignore');
  const ignored = withPlumblineIgnored(existsSync(gitignore) ? readFileSync(gitignore, 'utf8') : undefined);
  if (ignored !== undefined) write(gitignore, ignored);

  // 4. ESLint.
  const eslintFile = ESLINT_CONFIG_NAMES.map((name) => path.join(root, name)).find((file) => existsSync(file));
  if (!eslintFile) {
    report.notes.push('no eslint.config.* found.', ...ESLINT_INSTRUCTIONS);
  } else {
    const edit = addPluginToEslintConfig(readFileSync(eslintFile, 'utf8'));
    if (edit.kind === 'edited') write(eslintFile, edit.text);
    else if (edit.kind === 'manual') report.notes.push(`${relative(eslintFile)} was not edited: ${edit.why}.`, ...ESLINT_INSTRUCTIONS);
  }

  // 5. The pre-commit hook.
  const hookFile = preCommitHookFile(root, facts.husky);
  const hookPresent = hookFile !== undefined && existsSync(hookFile) && readFileSync(hookFile, 'utf8').includes('plumbline check');
  if (!hookPresent) {
    const wanted =
      options.hook ??
      (ask
        ? await ask(`Add a pre-commit hook running '${HOOK_COMMAND}' (${hookFile ? relative(hookFile) : 'no git repository'})?`)
        : false);
    if (wanted) {
      const outcome = installPreCommitHook(hookFile, options.force === true);
      if (outcome.kind === 'created') report.changes.push({ file: relative(outcome.file), action: 'created' });
      else if (outcome.kind === 'appended') report.changes.push({ file: relative(outcome.file), action: 'updated' });
      else if (outcome.kind === 'kept')
        report.notes.push(`kept ${relative(outcome.file)}: it exists (--force appends '${HOOK_COMMAND}' to it)`);
      else if (outcome.kind === 'no-git') report.notes.push(`no pre-commit hook: ${root} is not in a git repository`);
    } else if (options.hook === undefined) {
      report.notes.push(
        `pre-commit hook: run 'plumbline init --hook' to add '${HOOK_COMMAND}' to ${hookFile ? relative(hookFile) : 'your hook'}`,
      );
    }
  }

  // 5. What to install: printed, never run.
  report.notes.push(...installCommandLines(facts));
  return report;
}

/**
 * The layout init writes: the layers the folders and file names show, then what the code does settles
 * what names cannot: who owns transactions, and which shared code is pure.
 */
export function proposeInitLayout(facts: ProjectFacts, preset?: PresetName): LayoutProposal {
  const evidence = readSourceEvidence(facts.root, facts.files, { flushCommits: facts.orms.includes('MikroORM') });
  const layout = withTransactionOwners(proposeLayout(facts, preset), facts.files, evidence);
  return withPureSharedCode(layout, facts, evidence);
}

/** The command: runs init, asks about the hook on a terminal, prints every file it created or changed. */
export async function runInitCommand(options: InitOptions): Promise<number> {
  const interactive = options.hook === undefined && isTerminal(process.stdin) && isTerminal(process.stdout);
  const ask = interactive
    ? async (question: string) => {
        const prompt = createInterface({ input: process.stdin, output: process.stdout });
        try {
          return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
        } finally {
          prompt.close();
        }
      }
    : undefined;
  const report = await initProject(options, ask);
  const lines: string[] = [];
  if (report.changes.length === 0) lines.push('plumbline init: nothing to change');
  else for (const change of report.changes) lines.push(`${change.action} ${change.file}`);
  if (report.notes.length > 0) lines.push('', ...report.notes);
  if (report.changes.some((change) => change.file === CONFIG_FILE))
    lines.push('', "Next: 'npm run fitness' runs the gate pack; 'npx plumbline check' runs the static rules.");
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
