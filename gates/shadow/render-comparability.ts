import { stableStringify } from '../../core/stable-json.js';
import { errorRateOf, mismatchRateOf, samplesOf, topPaths, type OperationComparability } from './comparability.js';

const rounded = (rate: number) => Math.round(rate * 1e6) / 1e6;

export function comparabilityReport(entries: readonly OperationComparability[], source: readonly string[]) {
  return {
    schemaVersion: 1,
    source,
    operations: entries.map((entry) => ({
      operationId: entry.operationId,
      samples: samplesOf(entry),
      shadowSamples: entry.shadowSamples,
      canarySamples: entry.canarySamples,
      matches: entry.matches,
      mismatches: entry.mismatches,
      candidateErrors: entry.candidateErrors,
      candidateTimeouts: entry.candidateTimeouts,
      served: entry.served,
      skipped: entry.skipped,
      mismatchRate: rounded(mismatchRateOf(entry)),
      errorRate: rounded(errorRateOf(entry)),
      rollbacks: entry.rollbacks.map((event) => ({
        trigger: event.trigger,
        rate: event.rate,
        threshold: event.threshold,
        samples: event.samples,
      })),
      topDifferingPaths: topPaths(entry),
    })),
  };
}

export function renderComparabilityJson(entries: readonly OperationComparability[], source: readonly string[]): string {
  return `${stableStringify(comparabilityReport(entries, source), 2)}\n`;
}

const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;
const cell = (text: string) => text.replace(/\|/g, '\\|');

export function renderComparabilityMarkdown(entries: readonly OperationComparability[], source: readonly string[]): string {
  const lines = ['# Shadow and canary comparability', '', `Evidence: ${source.map((item) => `\`${item}\``).join(', ')}.`, ''];
  lines.push(
    '| Operation | Samples | Shadow | Canary | Mismatches | Mismatch rate | Errors | Timeouts | Error rate | Skipped | Rollbacks |',
  );
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const entry of entries) {
    lines.push(
      `| ${cell(entry.operationId)} | ${samplesOf(entry)} | ${entry.shadowSamples} | ${entry.canarySamples} | ${entry.mismatches} | ${percent(mismatchRateOf(entry))} | ${entry.candidateErrors} | ${entry.candidateTimeouts} | ${percent(errorRateOf(entry))} | ${entry.skipped} | ${entry.rollbacks.length} |`,
    );
  }
  for (const entry of entries) {
    const paths = topPaths(entry);
    if (paths.length === 0) continue;
    lines.push('', `## Top differing paths: ${cell(entry.operationId)}`, '', '| Path | Mismatches |', '| --- | ---: |');
    for (const item of paths) lines.push(`| \`${item.path}\` | ${item.mismatches} |`);
  }
  return `${lines.join('\n')}\n`;
}
