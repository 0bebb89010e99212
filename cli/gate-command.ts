import path from 'node:path';
import { formatConfigWarnings } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import { parseEngine } from './check-command.js';
import { withDatabaseUrl } from '../gates/shared/database/database-target.js';
import { builtinGates, HTML_DETAIL_READERS } from '../gates/runner/registry.js';
import { runGatePack } from '../gates/runner/run-pack.js';
import { renderPackSummary, shouldColor } from '../report/console.js';
import { buildEvidence } from '../report/evidence.js';
import { renderReleaseNote } from '../report/release-note.js';
import { createProgressReporter } from '../report/progress.js';
import { writeEvidence } from '../report/write-evidence.js';
import { UsageError } from './exit-codes.js';
import { notifyOnStderr, resolveEvidenceDir } from './options.js';
import { withPropertySeed } from './seed-option.js';

export interface GateCommandOptions {
  config?: string;
  only?: string[];
  skip?: string[];
  failFast?: boolean;
  strict?: boolean;
  monitor?: boolean;
  evidenceDir?: string;
  today?: string;
  timings?: boolean;
  quiet?: boolean;
  db?: string;
  /** Overrides gates.property.seed. */
  seed?: number;
  /** Overrides gates.static.engine. */
  engine?: string;
}

/** `plumbline gate`: the whole pack, evidence written, exit code from the verdict. */
export async function runGateCommand(options: GateCommandOptions): Promise<number> {
  if (options.strict && options.monitor) throw new UsageError('--strict and --monitor cannot be used together');
  const engine = parseEngine(options.engine);
  const configured = await loadConfig({ configFile: options.config, notify: notifyOnStderr });
  const loaded = withPropertySeed(withDatabaseUrl(configured, options.db), options.seed);
  for (const line of formatConfigWarnings(loaded.configFile, loaded.warnings)) process.stderr.write(`${line}\n`);
  const config = engine ? { ...loaded, gates: { ...loaded.gates, static: { ...loaded.gates.static, engine } } } : loaded;
  const evidenceDir = resolveEvidenceDir(config, options.evidenceDir);
  const pack = await runGatePack({
    config,
    gates: builtinGates,
    only: options.only,
    skip: options.skip,
    failFast: options.failFast,
    mode: options.strict ? 'strict' : options.monitor ? 'monitor' : undefined,
    today: options.today,
    evidenceDir,
    onEvent: createProgressReporter(process.stderr, { quiet: options.quiet }),
  });
  const evidence = buildEvidence(config, pack, { timings: options.timings });
  let written: string[];
  try {
    const files = writeEvidence(evidence, evidenceDir, { config, detailReaders: HTML_DETAIL_READERS });
    written = files.map((file) => path.relative(process.cwd(), file) || file);
  } catch (error) {
    throw new UsageError(`could not write evidence to ${evidenceDir}: ${(error as Error).message}`);
  }
  process.stdout.write(renderPackSummary(pack, written, { color: shouldColor(process.stdout) }));
  // The evidence summary for a release note: the text of the end of summary.md, without Markdown escapes.
  process.stdout.write(`\n${renderReleaseNote(evidence, { for: 'terminal' })}`);
  return pack.exitCode;
}
