import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/errors.js';
import { MissingPeerError } from '../core/optional-peer.js';
import { PACKAGE_VERSION } from '../core/package-info.js';
import { installInterruptHandlers } from '../gates/runner/interruption.js';
import { builtinGates } from '../gates/runner/registry.js';
import { EXIT_PASS, EXIT_USAGE, UsageError } from './exit-codes.js';
import { collectList, parseDate } from './options.js';
import { parseSeed } from './seed-option.js';
import { parseShard } from './shard-option.js';
// Commander hands each action its parsed options as `any`: each is typed by the options its command declares.
import type { BaselineCommandOptions } from './baseline-command.js';
import type { CheckCommandOptions } from './check-command.js';
import type { DataSnapshotOptions } from './data-command.js';
import type { DepcruiseConfigCommandOptions } from './depcruise-config-command.js';
import type { DocsCommandOptions } from './docs-command.js';
import type { GateCommandOptions } from './gate-command.js';
import type { GraphCommandOptions } from './graph-command.js';
import type { IncidentNewOptions } from './incident-command.js';
import type { InitOptions } from './init-command.js';
import type { MutationCommandOptions } from './mutation-command.js';
import type { ReplayCommandOptions } from './replay-command.js';

/** `--engine` of `check` and `gate`: which host runs the rule suite. */
function engineOption(): Option {
  return new Option(
    '--engine <engine>',
    "host of the rules: 'oxlint', 'eslint' or 'auto' (oxlint when installed and it starts; overrides gates.static.engine)",
  );
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('plumbline')
    .description('Architecture fitness and business-assurance gates for layered TypeScript backends.')
    .version(PACKAGE_VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const gateIds = builtinGates.map((gate) => gate.id).join(', ');
  program
    .command('gate')
    .description('Run the gate pack and write evidence (JSON, Markdown, SARIF, JUnit).')
    .option('-c, --config <file>', 'config file (default: nearest plumbline.config.* above the current folder)')
    .option('--only <gates>', `run only these gates, comma separated (gates: ${gateIds})`, collectList)
    .option('--skip <gates>', 'skip these gates, comma separated', collectList)
    .option('--fail-fast', 'stop after the first gate that does not pass')
    .option('--strict', 'strict mode whatever the config says: deferrals need an until date')
    .option('--monitor', 'monitor mode: report violations, exit 0')
    .option('--evidence-dir <dir>', 'where evidence is written (default: config evidenceDir)')
    .option('--today <date>', 'judge deferrals as of this date (YYYY-MM-DD)', parseDate)
    .option('--timings', 'record gate durations in evidence.json (makes it differ between runs)')
    .option('-q, --quiet', 'no progress lines')
    .option('--db <url>', "database of the data gates (schema-drift, data-quality): 'sqlite:<file>' or 'postgres://...'; overrides data.db")
    .option('--seed <n>', 'fast-check seed for the property gate (overrides gates.property.seed)', parseSeed)
    .addOption(engineOption())
    .addHelpText(
      'after',
      '\nExit codes: 0 all gates pass (or monitor mode), 1 a gate failed or errored (or none ran), 2 usage or config error,\n' +
        '130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP (child processes stopped, partial outputs removed).',
    )
    .action(async (options: GateCommandOptions) => {
      const { runGateCommand } = await import('./gate-command.js');
      setExit(await runGateCommand(options));
    });

  program
    .command('init')
    .description(
      'Set Plumbline up in a project: detect the layout, write plumbline.config.ts, add the fitness scripts, the ESLint plugin and a pre-commit hook.',
    )
    .option('--root <dir>', 'project folder (default: the current folder)')
    .addOption(new Option('--preset <name>', 'use this preset instead of the best-matching one').choices(['hoc', 'hexagonal', 'clean']))
    .option(
      '--hook',
      `add a pre-commit hook running 'npx plumbline check --staged' (.husky/pre-commit with husky, else .git/hooks/pre-commit)`,
    )
    .option('--no-hook', 'do not add the hook and do not ask')
    .option('--force', 'rewrite plumbline.config.ts, replace conflicting scripts, append to an existing pre-commit hook')
    .addHelpText(
      'after',
      [
        '',
        'Nothing is overwritten without --force; a second run changes nothing and says so.',
        'On a terminal, init asks whether to add the pre-commit hook unless --hook or --no-hook is given.',
        '',
        'Examples:',
        '  npx plumbline init',
        '  npx plumbline init --hook',
        '  npx plumbline init --preset hexagonal --force',
        '',
        'Exit codes: 0 done (or nothing to change), 2 usage error (including a package.json that is not JSON).',
      ].join('\n'),
    )
    .action(async (options: InitOptions) => {
      const { runInitCommand } = await import('./init-command.js');
      setExit(await runInitCommand(options));
    });

  program
    .command('check')
    .description(
      'Run the static rules on files (default: every source file) and the whole-project analyzers; for editors and pre-commit hooks.',
    )
    .argument('[files...]', 'files to check')
    .option('-c, --config <file>', 'config file (default: nearest plumbline.config.* above the current folder)')
    .option('--staged', 'check the files staged in git (for a pre-commit hook)')
    .option('--no-analyzers', 'skip the whole-project analyzers (operation registry, specs); only the per-file rules')
    .option('--no-cache', 'ignore and do not write the caches under .plumbline/cache (ESLint results, analyzer facts)')
    .addOption(new Option('--format <format>', 'output format').choices(['stylish', 'json']).default('stylish'))
    .addOption(engineOption())
    .addHelpText('after', '\nExit codes: 0 no errors, 1 errors found, 2 usage or config error (or a source file that cannot be read).')
    .action(async (files: string[], options: CheckCommandOptions) => {
      const { runCheckCommand } = await import('./check-command.js');
      setExit(await runCheckCommand(files, options));
    });

  program
    .command('baseline')
    .description(
      "Accept today's findings as known debt: write .plumbline/baseline.json (findings by rule, file, enclosing symbol and code hash; held numbers). Then new findings fail and the file can only shrink.",
    )
    .option('-c, --config <file>', 'config file (default: nearest plumbline.config.* above the current folder)')
    .option('--prune', 'tighten the existing baseline: drop fixed findings and better numbers, never add')
    .option('--force', 'rewrite an existing baseline from scratch, accepting every current finding')
    .option(
      '--only <gates>',
      'baseline only these gates (default: static, architecture, and data-quality/replay when configured)',
      collectList,
    )
    .option('--evidence-dir <dir>', "where the gates' artifacts go (default: config evidenceDir)")
    .option('--db <url>', "database of data-quality: 'sqlite:<file>' or 'postgres://...'; overrides data.db")
    .option('-q, --quiet', 'no progress lines')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  plumbline baseline            # first time: accept every current finding',
        '  plumbline gate                # known findings are warnings, new ones fail, fixed ones ask to prune',
        '  plumbline baseline --prune    # after fixing some: the baseline shrinks, never grows',
        '',
        'Exit codes: 0 written, 1 a gate could not run (nothing written), 2 usage or config error (including an existing baseline without --prune or --force).',
      ].join('\n'),
    )
    .action(async (options: BaselineCommandOptions) => {
      const { runBaselineCommand } = await import('./baseline-command.js');
      setExit(await runBaselineCommand(options));
    });

  program
    .command('depcruise-config')
    .description("Write dependency-cruiser's config (.dependency-cruiser.cjs) generated from the layers in the Plumbline config.")
    .option('-c, --config <file>', 'config file (default: nearest plumbline.config.* above the current folder)')
    .option('-o, --output <file>', 'where to write it (default: .dependency-cruiser.cjs in the project root)')
    .option('--force', 'overwrite the file even though plumbline did not generate it')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  plumbline depcruise-config',
        '  plumbline depcruise-config --output config/.dependency-cruiser.cjs',
        '  npx depcruise --config .dependency-cruiser.cjs src   # then run dependency-cruiser itself',
        '',
        'Exit codes: 0 written, 2 usage or config error (including a file it did not generate, without --force).',
      ].join('\n'),
    )
    .action(async (options: DepcruiseConfigCommandOptions) => {
      const { runDepcruiseConfigCommand } = await import('./depcruise-config-command.js');
      setExit(await runDepcruiseConfigCommand(options));
    });

  program
    .command('graph')
    .description('Draw the layer graph (or the module graph): allowed imports, actual imports, violations in red.')
    .option('-c, --config <file>', 'config file (default: nearest plumbline.config.* above the current folder)')
    .addOption(
      new Option('--format <format>', 'output format (svg needs Graphviz; without it: mermaid)')
        .choices(['dot', 'mermaid', 'svg', 'html'])
        .default('mermaid'),
    )
    .addOption(
      new Option('--level <level>', "'layer': layers as nodes; 'module': every module (dependency-cruiser's reporters)")
        .choices(['layer', 'module'])
        .default('layer'),
    )
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  plumbline graph                                  # mermaid, for a Markdown page',
        '  plumbline graph --format dot | dot -Tpng > layers.png',
        '  plumbline graph --format svg --output layers.svg # needs Graphviz (or GRAPHVIZ_DOT=/path/to/dot)',
        '  plumbline graph --format html --output layers.html',
        '  plumbline graph --level module --format html --output modules.html',
        '',
        'Exit codes: 0 drawn without violations, 1 drawn with violations (errors), 2 usage or config error.',
      ].join('\n'),
    )
    .action(async (options: GraphCommandOptions) => {
      const { runGraphCommand } = await import('./graph-command.js');
      setExit(await runGraphCommand(options));
    });

  const data = program.command('data').description('Work with the database the data gates read (schema-drift, data-quality).');
  data
    .command('snapshot')
    .description(
      "Profile every column of the data contracts (null rate, distinct count, min/max, top values, histogram) and write the snapshot that data-quality's drift check compares with.",
    )
    .option('-c, --config <file>', 'config file (default: nearest plumbline.config.* above the current folder)')
    .option('--db <url>', "database URL: 'sqlite:<file>' or 'postgres://user@host:port/db' (default: data.db in the config)")
    .option(
      '-o, --output <file>',
      'where to write it (default: gates.data-quality.drift.snapshot, else .plumbline/baselines/data-profile.json)',
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  plumbline data snapshot                                   # data.db and data.contracts from the config',
        '  plumbline data snapshot --db sqlite:db/app.sqlite',
        '  PGPASSWORD=... plumbline data snapshot --db "postgres://app@db:5432/app?schema=billing"',
        '  git add .plumbline/baselines/data-profile.json            # commit it: the gate compares with it',
        '',
        'Exit codes: 0 written, 2 usage, config, contract or database error (the password is never printed).',
      ].join('\n'),
    )
    .action(async (options: DataSnapshotOptions) => {
      const { runDataSnapshotCommand } = await import('./data-command.js');
      setExit(await runDataSnapshotCommand(options));
    });

  program
    .command('replay')
    .description('Replay recorded decisions through two git refs and report behaviour drift (JSON report and Markdown summary).')
    .option('-c, --config <file>', 'config file (default: nearest plumbline.config.* above the current folder)')
    .option(
      '--baseline-ref <ref>',
      'git ref of the baseline (default: gates.replay.baselineRef, else the merge base of HEAD with the main branch)',
    )
    .option('--candidate-ref <ref>', 'git ref of the candidate (default: the working tree as it is)')
    .requiredOption(
      '--input <dir|file>',
      'recorded cases: a .jsonl/.json file or a folder of them (repeatable)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--allow-invalid', 'skip malformed cases (they are still reported) instead of failing')
    .option('-o, --out <dir>', 'where report.json and summary.md go (default: <evidenceDir>/replay)')
    .option('-q, --quiet', 'no progress lines')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  plumbline replay --baseline-ref main --input captures/',
        '  plumbline replay --baseline-ref v1.4.0 --candidate-ref HEAD --input captures/decisions.jsonl',
        '  plumbline replay --baseline-ref origin/main --input captures/ --allow-invalid --out replay-report',
        '',
        'Exit codes: 0 no drift at or above replay.failAt and no errors, 1 drift, errors or malformed input, 2 usage or config error (including an unknown ref or no git repository).',
      ].join('\n'),
    )
    .action(async (options: ReplayCommandOptions) => {
      const { runReplayCommand } = await import('./replay-command.js');
      setExit(await runReplayCommand(options));
    });

  program
    .command('mutation')
    .description(
      'Run the mutation gate alone (Stryker on the engine layers): score, threshold, per-file floor, regression against the baseline.',
    )
    .option('-c, --config <file>', 'config file (default: nearest plumbline.config.* above the current folder)')
    .option('--update-baseline', 'rewrite the baseline (gates.mutation.baseline) from this run, deliberately')
    .option(
      '--shard <i/n>',
      'mutate only shard i of n of the files and write its report, for CI jobs (join with plumbline merge)',
      parseShard,
    )
    .option('--evidence-dir <dir>', 'where the score JSON and Markdown go (default: config evidenceDir)')
    .addHelpText(
      'after',
      '\nExit codes: 0 pass (or a shard written), 1 under the threshold, a drop over the delta, or a missing/corrupt/mismatched baseline, 2 usage or config error.',
    )
    .action(async (options: MutationCommandOptions) => {
      const { runMutationCommand } = await import('./mutation-command.js');
      setExit(await runMutationCommand(options));
    });

  program
    .command('merge')
    .description('Join the shard reports of `plumbline mutation --shard i/n` and judge them like one mutation run.')
    .argument('[reports...]', 'shard reports (default: every .plumbline/mutation/shard-i-of-n.json of one n)')
    .option('-c, --config <file>', 'config file (default: nearest plumbline.config.* above the current folder)')
    .option('--update-baseline', 'rewrite the baseline from the merged scores, deliberately')
    .option('--evidence-dir <dir>', 'where the score JSON and Markdown go (default: config evidenceDir)')
    .addHelpText('after', '\nExit codes: 0 pass, 1 policy failure, 2 usage or config error (including a missing shard).')
    .action(async (reports: string[], options: Omit<MutationCommandOptions, 'shard'>) => {
      const { runMergeCommand } = await import('./mutation-command.js');
      setExit(await runMergeCommand(reports, options));
    });

  program
    .command('docs')
    .description(
      'Write the assurance docs (gate index, operation registry, failure-injection matrix, rollout contract, incident ledger) into docs.dir, from code and config.',
    )
    .option('-c, --config <file>', 'config file (default: nearest plumbline.config.* above the current folder)')
    .option('--check', 'write nothing; exit 1 when the committed docs differ from the generated ones (what the docs gate checks)')
    .addHelpText(
      'after',
      '\nExit codes: 0 written (or up to date with --check), 1 drift with --check or the docs cannot be generated, 2 usage or config error.',
    )
    .action(async (options: DocsCommandOptions) => {
      const { runDocsCommand } = await import('./docs-command.js');
      setExit(await runDocsCommand(options));
    });

  const incident = program
    .command('incident')
    .description('Work with incident records (incidents.dir), which the incidents gate links to guardrails.');
  incident
    .command('new')
    .description(
      'Scaffold <incidents.dir>/<id>.md from a template; on a terminal, missing fields are asked for. Never overwrites a record.',
    )
    .option('-c, --config <file>', 'config file (default: nearest plumbline.config.* above the current folder)')
    .option('--id <id>', 'incident id, also the file name (e.g. INC-2026-014)')
    .option('--title <title>', 'one line: what went wrong')
    .option('--owner <domain>', 'the owning domain (one of the configured domains)')
    .option('--invariant <id>', 'an invariant id (defineOperation) that guards against it; repeat or comma separate', collectList)
    .option(
      '--test <file::name>',
      "a regression test as '<file>::<test name or describe > it path>'; repeatable",
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--date <date>', 'when it happened (YYYY-MM-DD; default today)')
    .addOption(new Option('--status <status>', 'default: open').choices(['open', 'mitigated', 'resolved']))
    .addHelpText('after', '\nExit codes: 0 written, 2 bad or missing field, unknown owner, or the record already exists.')
    .action(async (options: IncidentNewOptions) => {
      const { runIncidentNewCommand } = await import('./incident-command.js');
      setExit(await runIncidentNewCommand(options));
    });

  return program;
}

/** Runs the CLI and returns its exit code; never lets an expected error print a stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_PASS;
  const program = buildProgram((code) => {
    exitCode = code;
  });

  program.commands.forEach((command) => command.exitOverride());
  // Ctrl-C, SIGTERM, SIGHUP: child process groups stopped and awaited, partial outputs removed, exit 130/143/129.
  installInterruptHandlers();
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return EXIT_USAGE;
    }
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        return EXIT_PASS;
      }
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof MissingPeerError) {
      process.stderr.write(`plumbline: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
