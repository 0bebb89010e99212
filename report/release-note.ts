import type { Evidence, Finding, GateReport } from '../core/contracts.js';

export interface ReleaseNoteOptions {
  /**
   * 'markdown' (default) escapes markup for summary.md; 'terminal' prints the text as
   * written, since a terminal shows entities like `-&gt;` literally.
   */
  for?: 'markdown' | 'terminal';
}

/** Metrics shown per gate: the first ones a gate reports are its key numbers. */
const KEY_METRICS = 4;

const STATUS_LABEL: Record<GateReport['status'], string> = { pass: 'pass', fail: 'FAIL', deferred: 'deferred', error: 'ERROR' };

/**
 * The evidence summary a person pastes into a release note: each gate's status
 * and key numbers, what was deferred and why, and each blocker with the next
 * action. The next action is taken from the gate's own findings, whose messages
 * say what to do (the docs gate: "run `plumbline docs` and commit the result").
 * Built from the evidence alone, so it is as deterministic as evidence.json.
 */
export function renderReleaseNote(evidence: Evidence, options: ReleaseNoteOptions = {}): string {
  const inline = options.for === 'terminal' ? oneLine : markdownInline;
  const cell = (text: string) => inline(text).replace(/\|/g, '\\|');
  const verdict = evidence.passed ? 'passed' : evidence.mode === 'monitor' ? 'found violations (monitor mode, not enforced)' : 'failed';
  const lines = [
    '## Release note: assurance evidence',
    '',
    `Plumbline ${evidence.tool.version} gate pack ${verdict} in ${evidence.mode} mode (config ${evidence.configHash.slice(0, 12)}): ${evidence.totals.errors} error(s), ${evidence.totals.warnings} warning(s).`,
    '',
    '| Gate | Status | Key numbers |',
    '| --- | --- | --- |',
  ];
  for (const gate of evidence.gates) {
    const numbers = Object.entries(gate.metrics)
      .slice(0, KEY_METRICS)
      .map(([key, value]) => `${key} ${String(value)}`)
      .join(', ');
    lines.push(`| \`${gate.id}\` | ${STATUS_LABEL[gate.status]} | ${cell(numbers || '–')} |`);
  }
  // Gates not run are grouped by reason: with --only, that is most of the pack.
  const notRun = new Map<string, string[]>();
  for (const item of evidence.skipped) notRun.set(item.reason, [...(notRun.get(item.reason) ?? []), item.gate]);
  if (notRun.size > 0) {
    lines.push('');
    for (const [reason, gates] of notRun) lines.push(`Not run (${inline(reason)}): ${gates.map((gate) => `\`${gate}\``).join(', ')}.`);
  }

  lines.push('', '**Deferred:**', '');
  if (evidence.deferred.length === 0) lines.push('- none');
  for (const item of evidence.deferred) {
    const until = item.until ? `until ${item.until}` : 'no end date';
    lines.push(`- \`${item.gate}\` (${until}${item.expired ? ', **expired**' : ''}): ${inline(item.reason)}`);
  }

  const blockers = evidence.gates.filter((gate) => gate.status === 'fail' || gate.status === 'error');
  const expired = evidence.deferred.filter((item) => item.expired);
  lines.push('', evidence.mode === 'monitor' ? '**Blockers (not enforced in monitor mode):**' : '**Blockers:**', '');
  if (blockers.length === 0 && expired.length === 0) lines.push('- none');
  for (const gate of blockers) lines.push(`- \`${gate.id}\` ${STATUS_LABEL[gate.status]}: ${nextAction(gate, inline)}`);
  for (const item of expired)
    lines.push(
      `- \`${item.gate}\`: its deferral expired on ${item.until ?? '?'}; next: make the gate pass, or renew the deferral with a new reason and date`,
    );
  return `${lines.join('\n')}\n`;
}

/** What to do next about a blocking gate, from its findings. */
function nextAction(gate: GateReport, inline: (text: string) => string): string {
  if (gate.status === 'error')
    return `the gate could not run (${inline(gate.reason ?? 'no reason recorded')}); next: fix that and rerun \`plumbline gate --only ${gate.id}\``;
  const errors = gate.findings.filter((finding) => finding.severity === 'error');
  if (errors.length === 0) return `no error finding recorded; next: rerun \`plumbline gate --only ${gate.id}\` and read its evidence`;
  const first = errors[0] as Finding;
  const where = first.file ? `\`${first.file}${first.line > 0 ? `:${first.line}` : ''}\` ` : '';
  const rules = [...new Set(errors.map((finding) => finding.ruleId))];
  const more = errors.length > 1 ? ` (+${errors.length - 1} more: ${rules.join(', ')})` : '';
  return `${errors.length} error(s); next: ${where}${shorten(inline(first.message))} [${first.ruleId}]${more}`;
}

/** Findings may carry a command's output; a release note needs the first sentence or so. */
const MAX_MESSAGE = 300;

function shorten(text: string): string {
  return text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE - 1)}…`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/** One line of Markdown text with `<` and `>` escaped, so a message cannot open an HTML tag. */
export function markdownInline(text: string): string {
  return oneLine(text).replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
