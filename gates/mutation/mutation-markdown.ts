import type { Finding } from '../../config/contracts.js';
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
}): string {
  const { scores } = input;
  const lines = [
    '# Mutation testing',
    '',
    `Overall score: **${percent(scores.overall.score)}** (threshold ${input.threshold}%, allowed drop per file ${input.maxDrop} points). Stryker's HTML report: \`${input.htmlReport}\`.`,
    '',
    '## Per file',
    '',
    '| File | Score | Killed | Timeout | Survived | No coverage |',
    '| --- | --- | --- | --- | --- | --- |',
    ...Object.entries(scores.files).map(([file, s]) => `| ${cell(file)} | ${percent(s.score)} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} |`),
    '',
    '## Per mutator',
    '',
    '| Mutator | Score | Killed | Survived | No coverage |',
    '| --- | --- | --- | --- | --- |',
    ...Object.entries(scores.mutators).map(([mutator, s]) => `| ${cell(mutator)} | ${percent(s.score)} | ${s.killed + s.timeout} | ${s.survived} | ${s.noCoverage} |`),
    '',
    '## Policy',
    '',
    ...(input.findings.length === 0 ? ['Threshold met and no file dropped beyond the delta.'] : input.findings.map((f) => `- ${f.ruleId}: ${f.message}`)),
    '',
    `## Surviving mutants (${input.survivors.length})`,
    '',
    '| Location | Mutator | Original -> mutated | Status |',
    '| --- | --- | --- | --- |',
    ...input.survivors.map((m) => `| ${cell(`${m.file}:${m.line}:${m.column}`)} | ${m.mutator} | \`${cell(m.original)}\` -> \`${cell(m.replacement)}\` | ${m.status} |`),
    '',
  ];
  return lines.join('\n');
}
