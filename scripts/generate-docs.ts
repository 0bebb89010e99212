import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../core/package-info.js';
import { writeFileAtomic } from '../report/write-evidence.js';
import { renderAllDocs } from './render-docs.js';

for (const [relative, text] of Object.entries(renderAllDocs())) {
  const target = path.join(PACKAGE_ROOT, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileAtomic(target, text);
  process.stdout.write(`wrote ${relative}\n`);
}
