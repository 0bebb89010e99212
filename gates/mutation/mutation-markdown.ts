import type { Finding } from '../../core/contracts.js';
import type { MutationScores, SurvivingMutant } from './mutation-scores.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const percent = (score: number | null) => (score === null ? 'n/a' : `${score}%`);

/** The mutation summary: scores per file, per mutator, the policy's findings and every surviving mutant. */
export function renderMutationMarkdown(input: {
  scores: MutationScores;
  survivors: readonly SurvivingMutant[];
  findings: readonly Finding[];
  htmlReport: string;
  threshold: number;
  maxDrop: number;
  minFileScore: number;
}): string {
  const { scores } = input;
  // Undetected mutants are listed below; the policy section holds the verdicts.
  const verdicts = input.findings.filter((f) => f.severity !== 'note');
  const lines = [
    '# Mutation testing',
    '',
    `Overall score: **${percent(scores.overall.score)}** (threshold ${input.threshold}%, per-file floor ${input.minFileScore}%, ` +
      `allowed drop per file ${input.maxDrop} points). Stryker's HTML report: \`${input.htmlReport}\`.`,
    '',
    `Outside the score: ${scores.overall.ignored} ignored, ${scores.overall.invalid} invalid (compile or runtime error). ` +
      `Static mutants run: ${scores.overall.static}, taking ${scores.overall.staticTestRuns} of ${scores.overall.testRuns} test runs.`,
    '',
    '## Per file',
    '',
    '| File | Score | Killed | Timeout | Survived | No coverage | Ignored | Invalid | Static |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...Object.entries(scores.files).map(
      ([file, s]) =>
        `| ${cell(file)} | ${percent(s.score)} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ` +
        `${s.ignored} | ${s.invalid} | ${s.static} |`,
    ),
    '',
    '## Per mutator',
    '',
    '| Mutator | Score | Killed | Survived | No coverage |',
    '| --- | --- | --- | --- | --- |',
    ...Object.entries(scores.mutators).map(
      ([mutator, s]) => `| ${cell(mutator)} | ${percent(s.score)} | ${s.killed + s.timeout} | ${s.survived} | ${s.noCoverage} |`,
    ),
    '',
    '## Policy',
    '',
    ...(verdicts.length === 0
      ? ['Threshold and per-file floor met, and no file dropped beyond the delta.']
      : verdicts.map((f) => `- ${f.ruleId}: ${f.message}`)),
    '',
    `## Surviving mutants (${input.survivors.length})`,
    '',
    '| Location | Mutator | Original -> mutated | Status |',
    '| --- | --- | --- | --- |',
    ...input.survivors.map(
      (m) =>
        `| ${cell(`${m.file}:${m.line}:${m.column}`)} | ${m.mutator} | \`${cell(m.original)}\` -> \`${cell(m.replacement)}\` | ` +
        `${m.status === 'NoCoverage' ? 'NoCoverage (no test runs this line)' : m.status}${m.static ? ', static' : ''} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
