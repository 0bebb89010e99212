import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { Finding, GateOutcome } from '../../core/contracts.js';
import { MissingPeerError } from '../../core/optional-peer.js';
import { toProjectPath } from '../../config/project-paths.js';
import type { InvariantsGateConfig } from '../../config/gate-settings/invariants.js';
import { readEvidenceFile } from '../shared/recorded-evidence/read-evidence.js';
import { resolveCommand, runRecording } from '../shared/recorded-evidence/run-recording.js';
import type { GateContext } from '../runner/gate-contract.js';
import { tallyCoverage } from './check-coverage.js';
import { coverageFindings, forbiddenStateRequired, invariantFinding } from './invariant-findings.js';
import { renderCoverageJson, renderCoverageMarkdown } from './render-coverage.js';
import { COVERAGE_JSON } from './details.js';

export const COVERAGE_MARKDOWN = 'invariant-coverage.md';

const TAIL_IN_MESSAGE = 1500;

/**
 * The invariants gate's work: read the declared invariants and forbidden states
 * (analyzers), run the project's tests with recording on, and hold every
 * declared check to its positive and negative evidence.
 */
export async function checkInvariants(ctx: GateContext, settings: InvariantsGateConfig): Promise<GateOutcome> {
  const { config } = ctx;
  const { runAnalyzers, declaredChecks } = await import('../../analyzers/index.js');
  const analysis = await runAnalyzers(config, {
    signal: ctx.signal,
    onProgress: (message) => {
      ctx.progress(message);
    },
  });
  const declared = declaredChecks(analysis.operations.operations);
  const needed = tallyCoverage(declared.checks, []).checks.filter(
    (coverage) => coverage.check.kind === 'invariant' || forbiddenStateRequired(coverage, settings.forbiddenStates),
  );
  const base = {
    invariants: declared.checks.filter((check) => check.kind === 'invariant').length,
    forbiddenStates: declared.checks.length - declared.checks.filter((check) => check.kind === 'invariant').length,
  };

  if (needed.length === 0) {
    const unreadable = coverageFindings({ checks: [], undeclared: [], checkEvents: 0, unlabelled: 0 }, settings, declared.unreadable);
    return {
      findings: unreadable,
      nothingToCheck: 'nothing to check: no declared invariant or forbidden state needs a test, so the tests were not run',
      metrics: { ...base, testsRun: false },
    };
  }

  const wanted = settings.command ?? ['vitest', 'run'];
  const command = resolveCommand(wanted, config.root);
  // Or set gates.invariants.command to the command that runs the tests.
  if (command === undefined) throw new MissingPeerError(['vitest'], `the invariants gate (the project's tests, run from ${config.root})`);
  ctx.progress(`running the tests with recording on: ${wanted.join(' ')}`);
  const run = await runRecording(command, config.root, ctx.signal);
  const findings: Finding[] = [];
  let tally = tallyCoverage(declared.checks, []);
  try {
    if (run.exitCode !== 0) {
      const how = run.exitCode === null ? `was killed by ${run.signal ?? 'a signal'}` : `exited with code ${run.exitCode}`;
      findings.push(
        invariantFinding(
          'recording-failed',
          'error',
          `the test run ${how}, so its evidence proves nothing. Output (end):\n${run.outputTail.slice(-TAIL_IN_MESSAGE).trim()}`,
        ),
      );
    } else {
      const reading = readEvidenceFile(run.evidenceFile);
      if (!reading.ok) {
        findings.push(
          invariantFinding(
            'recording-failed',
            'error',
            `the test run passed but left no usable evidence: ${reading.problem}. The registry the tests use must record to recordingSink() from @plumbline-kit/plumbline/testing`,
          ),
        );
      } else {
        tally = tallyCoverage(declared.checks, reading.events);
        if (tally.checkEvents === 0) {
          // Not one check evaluated: the tests' registry does not record (a wiring problem), not 2 x N untested checks.
          findings.push(
            invariantFinding(
              'recording-failed',
              'error',
              `the test run recorded ${reading.events.length} event(s) but no check event: the registry the tests use must record to recordingSink() from @plumbline-kit/plumbline/testing`,
            ),
          );
        } else findings.push(...coverageFindings(tally, settings, declared.unreadable));
      }
    }
  } finally {
    run.cleanup();
  }

  mkdirSync(ctx.artifactDir, { recursive: true });
  const json = path.join(ctx.artifactDir, COVERAGE_JSON);
  const markdown = path.join(ctx.artifactDir, COVERAGE_MARKDOWN);
  // As configured: the resolved argv holds machine paths (node, vitest).
  const shownCommand = wanted;
  writeFileAtomic(json, renderCoverageJson(tally, shownCommand));
  writeFileAtomic(markdown, renderCoverageMarkdown(tally, shownCommand));

  const invariants = tally.checks.filter((coverage) => coverage.check.kind === 'invariant');
  return {
    findings,
    metrics: {
      ...base,
      testsRun: true,
      checkEvents: tally.checkEvents,
      invariantsHeldAndViolated: invariants.filter((coverage) => coverage.held > 0 && coverage.rejected + coverage.recorded > 0).length,
      forbiddenStatesRejected: tally.checks.filter((coverage) => coverage.check.kind === 'forbidden' && coverage.rejected > 0).length,
    },
    artifacts: [json, markdown].map((file) => toProjectPath(config.root, file) ?? file),
  };
}
