import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/errors.js';
import { PACKAGE_VERSION } from '../config/package-info.js';
import { builtinGates } from '../gates/registry.js';
import { EXIT_PASS, EXIT_USAGE, UsageError } from './exit-codes.js';
import { collectList, parseDate } from './options.js';

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
    .addHelpText(
      'after',
      '\nExit codes: 0 all gates pass (or monitor mode), 1 a gate failed or errored, 2 usage or config error.',
    )
    .action(async (options) => {
      const { runGateCommand } = await import('./gate-command.js');
      setExit(await runGateCommand(options));
    });

  program
    .command('check')
    .description('Run the static rules on files (default: every source file); for editors and pre-commit hooks.')
    .argument('[files...]', 'files to check')
    .option('-c, --config <file>', 'config file (default: nearest plumbline.config.* above the current folder)')
    .option('--staged', "check the files staged in git (for a pre-commit hook)")
    .addOption(new Option('--format <format>', 'output format').choices(['stylish', 'json']).default('stylish'))
    .addHelpText('after', '\nExit codes: 0 no errors, 1 errors found, 2 usage or config error.')
    .action(async (files: string[], options) => {
      const { runCheckCommand } = await import('./check-command.js');
      setExit(await runCheckCommand(files, options));
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
    if (error instanceof ConfigError || error instanceof UsageError) {
      process.stderr.write(`plumbline: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
