import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding, GateOutcome } from '../../core/contracts.js';
import { compareFindings } from '../../core/finding-order.js';
import { atLine } from '../../core/rule-catalog.js';
import type { AnyGate, GateContext } from '../runner/gate-contract.js';
import { assuranceDocsDir, generateAssuranceDocs, type GeneratedDocument } from './assurance-docs.js';
import { docsRules, type DocsRuleName } from './rules.js';

function docsFinding(name: DocsRuleName, message: string, file: string, line: number): Finding {
  return docsRules.finding(name, 'error', message, atLine(file, line));
}

const REGENERATE = 'run `plumbline docs` and commit the result';

/** Each generated document against the committed file: missing, or stale at its first differing line. */
export function driftFindings(root: string, documents: readonly GeneratedDocument[]): Finding[] {
  const findings: Finding[] = [];
  for (const document of documents) {
    const absolute = path.join(root, document.file);
    if (!existsSync(absolute)) {
      findings.push(docsFinding('missing', `${document.file} is not generated yet: ${REGENERATE}`, document.file, 0));
      continue;
    }
    const committed = readFileSync(absolute, 'utf8');
    if (committed === document.text) continue;
    const line = firstDifferentLine(committed, document.text);
    findings.push(
      docsFinding('stale', `${document.file} differs from the generated document from line ${line} on: ${REGENERATE}`, document.file, line),
    );
  }
  return findings;
}

function holdsMarkdown(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => name.endsWith('.md'));
  } catch {
    return false;
  }
}

function firstDifferentLine(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  for (let index = 0; index < Math.max(left.length, right.length); index++) if (left[index] !== right[index]) return index + 1;
  return 1;
}

/** Generates the docs in memory and compares them with the committed ones; writes nothing into the project. */
export async function checkDocs(ctx: GateContext, gates: readonly AnyGate[]): Promise<GateOutcome> {
  const dir = assuranceDocsDir(ctx.config);
  if (!holdsMarkdown(path.join(ctx.config.root, dir))) {
    // A project that never generated the docs has no drift to check: its first gate run must not fail on them.
    const nothingToCheck = `no assurance docs generated yet in ${dir}/: run plumbline docs and commit them`;
    return { findings: [], metrics: { documents: 0 }, nothingToCheck };
  }
  const progress = (message: string) => {
    ctx.progress(message);
  };
  const generated = await generateAssuranceDocs(ctx.config, gates, { signal: ctx.signal, progress });
  if (!generated.ok) {
    return {
      findings: generated.problems.map((problem) =>
        docsFinding('generation-failed', `the assurance docs cannot be generated: ${problem.message}`, problem.file, problem.line),
      ),
      metrics: { documents: 0 },
    };
  }
  const findings = driftFindings(ctx.config.root, generated.documents).sort(compareFindings);
  return { findings, metrics: { documents: generated.documents.length, stale: findings.length } };
}
