import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { globbySync } from 'globby';
import type { GateOutcome } from '../../core/contracts.js';
import { toProjectPath } from '../../config/project-paths.js';
import type { PropertyGateConfig } from '../../config/gate-settings/property.js';
import { stableStringify } from '../../core/stable-json.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { GateContext } from '../runner/gate-contract.js';
import { fileFinding, findingsForFile } from './property-findings.js';
import { runVitest } from './run-vitest.js';
import { readVitestReport } from './vitest-report.js';
import { onInterrupt } from '../runner/interruption.js';

/** The environment contract with @plumbline-kit/plumbline/testing (testing/property/parameters.ts). */
const SEED_ENV = 'PLUMBLINE_PROPERTY_SEED';
const NUM_RUNS_ENV = 'PLUMBLINE_PROPERTY_NUM_RUNS';

/**
 * Runs the configured property test files with the project's own vitest and a
 * fixed seed, and turns failures into findings at the failing test. Fails
 * closed: no matching file, a run that cannot start or writes no report, or a
 * configured file vitest did not run are all failures.
 */
export async function runPropertyGate(ctx: GateContext, settings: PropertyGateConfig): Promise<GateOutcome> {
  const files = globbySync(settings.files, {
    cwd: ctx.config.root,
    absolute: true,
    dot: true,
    gitignore: true,
    ignore: ['**/node_modules/**'],
  })
    .map((file) => toProjectPath(ctx.config.root, file))
    .filter((file): file is string => file !== undefined)
    .sort();
  if (files.length === 0) {
    return {
      findings: [
        fileFinding('', 'file-not-run', `gates.property.files (${settings.files.join(', ')}) match no file: no property was checked`),
      ],
      metrics: { seed: settings.seed, numRuns: settings.numRuns, files: 0 },
    };
  }

  ctx.progress(`property: ${files.length} file(s), seed ${settings.seed}`);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'plumbline-property-'));
  const forgetScratch = onInterrupt(() => {
    rmSync(scratch, { recursive: true, force: true });
  });
  try {
    const reportFile = path.join(scratch, 'vitest.json');
    const run = await runVitest({
      root: ctx.config.root,
      files,
      reportFile,
      configFile: settings.vitestConfig,
      maxWorkers: settings.maxWorkers,
      env: { [SEED_ENV]: String(settings.seed), [NUM_RUNS_ENV]: String(settings.numRuns) },
      signal: ctx.signal,
    });
    let report;
    try {
      report = readVitestReport(reportFile);
    } catch (error) {
      throw new Error(`${(error as Error).message}; vitest exited with ${run.exitCode}:\n${run.outputTail}`);
    }
    return judge(ctx, settings, files, report.testResults, run.exitCode);
  } finally {
    forgetScratch();
    rmSync(scratch, { recursive: true, force: true });
  }
}

function judge(
  ctx: GateContext,
  settings: PropertyGateConfig,
  files: string[],
  results: ReturnType<typeof readVitestReport>['testResults'],
  exitCode: number | null,
): GateOutcome {
  const byFile = new Map(results.map((result) => [toProjectPath(ctx.config.root, result.name) ?? result.name, result]));
  const findings = files.flatMap((file) => {
    const result = byFile.get(file);
    return result
      ? findingsForFile(file, result)
      : [fileFinding(file, 'file-not-run', `${file} was not run by vitest: is it outside the include of the vitest config?`)];
  });
  const tests = files.flatMap((file) => byFile.get(file)?.assertionResults ?? []);
  const failed = tests.filter((test) => test.status === 'failed').length;
  const machines = tests.flatMap((test) => test.meta?.plumblineStateMachines ?? []);
  if (exitCode !== 0 && !findings.some((finding) => finding.severity === 'error')) {
    // Vitest failed for a reason no test shows (a failing global setup, an unhandled error): fail closed.
    findings.push(fileFinding('', 'file-failed', `vitest exited with ${exitCode} although no property test failed`));
  }

  mkdirSync(ctx.artifactDir, { recursive: true });
  const artifact = path.join(ctx.artifactDir, 'property-report.json');
  writeFileAtomic(
    artifact,
    `${stableStringify(
      {
        seed: settings.seed,
        numRuns: settings.numRuns,
        files: files.map((file) => ({
          file,
          tests: (byFile.get(file)?.assertionResults ?? []).map((test) => ({
            name: test.fullName,
            status: test.status,
            line: test.location?.line ?? 0,
            ...(test.meta?.plumblineStateMachines ? { stateMachines: test.meta.plumblineStateMachines } : {}),
          })),
        })),
        findings,
      },
      2,
    )}\n`,
  );
  return {
    findings,
    metrics: {
      seed: settings.seed,
      numRuns: settings.numRuns,
      files: files.length,
      tests: tests.length,
      failedTests: failed,
      // What the exhaustive state-machine checks explored: distinct subjects, within their bounds.
      statesExplored: machines.reduce((sum, machine) => sum + machine.explored, 0),
      stateMachinesCutOff: machines.filter((machine) => !machine.exhaustive).length,
    },
    artifacts: [toProjectPath(ctx.config.root, artifact) ?? artifact],
  };
}
