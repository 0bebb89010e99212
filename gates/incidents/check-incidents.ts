import type { Finding, GateOutcome } from '../../core/contracts.js';
import { compareFindings } from '../../core/finding-order.js';
import type { GateContext } from '../runner/gate-contract.js';
import { incidentFinding, recordFindings, testTitleReader } from './incident-findings.js';
import { readIncidentFolder } from './read-incidents.js';

/**
 * The incidents gate's work: read every incident record, and hold each one to
 * the project as it is now — its invariants declared by defineOperation (the
 * analyzers' registry), its tests present, its owner a configured domain.
 */
export async function checkIncidents(ctx: GateContext): Promise<GateOutcome> {
  const { config } = ctx;
  const folder = readIncidentFolder(config);
  const invalid = folder.problems.map((problem) => incidentFinding('invalid-record', 'error', problem.message, problem.file, problem.line));
  if (folder.records.length === 0 && folder.problems.length === 0) {
    return {
      findings: [],
      nothingToCheck: `nothing to check: ${folder.dir}/ holds no incident record (add one with plumbline incident new)`,
      metrics: { incidents: 0 },
    };
  }
  const { runAnalyzers } = await import('../../analyzers/index.js');
  const analysis = await runAnalyzers(config, {
    signal: ctx.signal,
    onProgress: (message) => {
      ctx.progress(message);
    },
  });
  const invariants = new Set(analysis.specRegistry.operations.flatMap((operation) => operation.invariants));
  const titlesOf = testTitleReader(config.root);
  const index = { root: config.root, invariants, domains: analysis.operations.domains };
  const findings: Finding[] = [...invalid, ...folder.records.flatMap((record) => recordFindings(record, index, titlesOf))].sort(
    compareFindings,
  );
  const fronts = folder.records.map((record) => record.front);
  return {
    findings,
    metrics: {
      incidents: folder.records.length + new Set(folder.problems.map((problem) => problem.file)).size,
      open: fronts.filter((front) => front.status !== 'resolved').length,
      resolved: fronts.filter((front) => front.status === 'resolved').length,
      invariantsLinked: new Set(fronts.flatMap((front) => front.invariants)).size,
      testsLinked: fronts.reduce((sum, front) => sum + front.tests.length, 0),
    },
  };
}
