import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { Finding, GateOutcome } from '../../core/contracts.js';
import { MissingPeerError } from '../../core/optional-peer.js';
import { toProjectPath } from '../../config/project-paths.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import type { ShadowGateConfig } from '../../config/gate-settings/shadow.js';
import type { EvidenceEvent } from '@plumbline-kit/runtime';
import { readEvidenceFile } from '../shared/recorded-evidence/read-evidence.js';
import { resolveCommand, runRecording } from '../shared/recorded-evidence/run-recording.js';
import type { GateContext } from '../runner/gate-contract.js';
import { samplesOf, tallyComparability } from './comparability.js';
import { renderComparabilityJson, renderComparabilityMarkdown } from './render-comparability.js';
import { renderRolloutContract } from './render-rollout-contract.js';
import { comparabilityFindings, shadowFinding, type Locate } from './shadow-findings.js';
import { atLine, NOWHERE } from '../../core/rule-catalog.js';
import { lineMatching, readLines } from '../../core/text-lines.js';

export const COMPARABILITY_JSON = 'comparability.json';
export const COMPARABILITY_MARKDOWN = 'comparability.md';
export const ROLLOUT_CONTRACT = 'rollout-contract.md';

const TAIL_IN_MESSAGE = 1500;

type Collected = { ok: true; events: EvidenceEvent[]; source: string[] } | { ok: false; finding: Finding; source: string[] };

/** The shadow gate's work: collect the recorded comparisons, hold them to the thresholds, write the reports and the rollout contract. */
export async function checkShadow(ctx: GateContext, settings: ShadowGateConfig): Promise<GateOutcome> {
  const { config } = ctx;
  const configFile = config.configFile ? (toProjectPath(config.root, config.configFile) ?? path.basename(config.configFile)) : '';
  const locate = locator(config, configFile);
  const required = [...new Set(settings.operations ?? settings.rollout.map((plan) => plan.operation))].sort();

  const collected = await collect(settings, config, ctx);
  const findings: Finding[] = [];
  let entries = tallyComparability([], required);
  if (!collected.ok) findings.push(collected.finding);
  else {
    entries = tallyComparability(collected.events, required);
    findings.push(...comparabilityFindings(entries, settings, locate));
  }

  mkdirSync(ctx.artifactDir, { recursive: true });
  const files = {
    json: path.join(ctx.artifactDir, COMPARABILITY_JSON),
    markdown: path.join(ctx.artifactDir, COMPARABILITY_MARKDOWN),
    contract: path.join(ctx.artifactDir, ROLLOUT_CONTRACT),
  };
  writeFileAtomic(files.json, renderComparabilityJson(entries, collected.source));
  writeFileAtomic(files.markdown, renderComparabilityMarkdown(entries, collected.source));
  writeFileAtomic(files.contract, renderRolloutContract(settings, configFile));

  return {
    findings,
    metrics: {
      configured: true,
      operations: entries.length,
      samples: entries.reduce((sum, entry) => sum + samplesOf(entry), 0),
      mismatches: entries.reduce((sum, entry) => sum + entry.mismatches, 0),
      candidateErrors: entries.reduce((sum, entry) => sum + entry.candidateErrors + entry.candidateTimeouts, 0),
      rolloutPlans: settings.rollout.length,
    },
    artifacts: Object.values(files).map((file) => toProjectPath(config.root, file) ?? file),
  };
}

async function collect(settings: ShadowGateConfig, config: ResolvedConfig, ctx: GateContext): Promise<Collected> {
  if (settings.command !== undefined) {
    const source = [settings.command.join(' ')];
    ctx.progress(`recording: ${settings.command.join(' ')}`);
    const command = resolveCommand(settings.command, config.root);
    if (command === undefined) throw new MissingPeerError(['vitest'], `gates.shadow.command (vitest, run from ${config.root})`);
    const run = await runRecording(command, config.root, ctx.signal);
    try {
      if (run.exitCode !== 0) {
        const how = run.exitCode === null ? `was killed by ${run.signal ?? 'a signal'}` : `exited with code ${run.exitCode}`;
        return {
          ok: false,
          source,
          finding: shadowFinding(
            'evidence-unusable',
            'error',
            `the recording command ${how}, so its evidence proves nothing. Output (end):\n${run.outputTail.slice(-TAIL_IN_MESSAGE).trim()}`,
          ),
        };
      }
      const reading = readEvidenceFile(run.evidenceFile);
      if (!reading.ok) {
        return {
          ok: false,
          source,
          finding: shadowFinding(
            'evidence-unusable',
            'error',
            `the recording command passed but left no usable evidence: ${reading.problem} (it must record to the file named by PLUMBLINE_EVIDENCE_FILE, e.g. with recordingSink() from @plumbline-kit/plumbline/testing)`,
          ),
        };
      }
      return { ok: true, events: reading.events, source };
    } finally {
      run.cleanup();
    }
  }
  const source = [...(settings.evidence ?? [])];
  const events: EvidenceEvent[] = [];
  for (const file of source) {
    ctx.signal.throwIfAborted();
    const reading = readEvidenceFile(path.resolve(config.root, file));
    if (!reading.ok) {
      return {
        ok: false,
        source,
        finding: shadowFinding('evidence-unusable', 'error', `${file}: ${reading.problem}`, { file, line: reading.line ?? 0, column: 0 }),
      };
    }
    events.push(...reading.events);
  }
  return { ok: true, events, source };
}

/** Findings about an operation point at the line of the config that names it, when there is one. */
function locator(config: ResolvedConfig, configFile: string): Locate {
  const lines = readLines(config.configFile);
  return (operationId) => {
    const line = lineMatching(lines, (text) => text.includes(`'${operationId}'`) || text.includes(`"${operationId}"`));
    return line === 0 ? NOWHERE : atLine(configFile, line);
  };
}
