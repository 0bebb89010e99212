import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const HOC_APP = path.join(REPO_ROOT, 'fixtures/hoc-app');
export const DEFECTS = path.join(REPO_ROOT, 'fixtures/defects');
export const CLI_BIN = path.join(REPO_ROOT, 'dist/cli/bin.js');
