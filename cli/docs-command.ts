import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { loadConfig } from '../config/load.js';
import { generateAssuranceDocs } from '../gates/docs/assurance-docs.js';
import { driftFindings } from '../gates/docs/check-docs.js';
import { builtinGates } from '../gates/runner/registry.js';
import { renderFindings, shouldColor } from '../report/console.js';
import { EXIT_PASS, EXIT_VIOLATIONS } from './exit-codes.js';
import { notifyOnStderr } from './options.js';

export interface DocsCommandOptions {
  config?: string;
  check?: boolean;
}

/**
 * `plumbline docs`: writes the assurance docs into docs.dir (only the files
 * whose text changed), or with --check reports drift like the docs gate and
 * writes nothing.
 */
export async function runDocsCommand(options: DocsCommandOptions): Promise<number> {
  const config = await loadConfig({ configFile: options.config, notify: notifyOnStderr });
  const generated = await generateAssuranceDocs(config, builtinGates);
  if (!generated.ok) {
    for (const problem of generated.problems) {
      process.stderr.write(`plumbline docs: ${problem.file ? `${problem.file}: ` : ''}${problem.message}\n`);
    }
    process.stderr.write('plumbline docs: nothing written\n');
    return EXIT_VIOLATIONS;
  }
  if (options.check) {
    const findings = driftFindings(config.root, generated.documents);
    if (findings.length === 0) {
      process.stdout.write(`${generated.dir}/: ${generated.documents.length} document(s) up to date\n`);
      return EXIT_PASS;
    }
    process.stdout.write(renderFindings(findings, { color: shouldColor(process.stdout) }));
    return EXIT_VIOLATIONS;
  }
  let written = 0;
  for (const document of generated.documents) {
    const target = path.join(config.root, document.file);
    if (existsSync(target) && readFileSync(target, 'utf8') === document.text) continue;
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileAtomic(target, document.text);
    written++;
    process.stdout.write(`wrote ${document.file}\n`);
  }
  process.stdout.write(`${generated.dir}/: ${written} of ${generated.documents.length} document(s) written, the rest unchanged\n`);
  return EXIT_PASS;
}
