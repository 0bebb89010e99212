import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig, type ResolvedConfig } from '../../config/resolve.js';
import { REPO_ROOT } from './paths.js';

/**
 * A small project with domains under `src/modules/*` (not `src/domains`) whose
 * entries are `index.ts` and `public/**`, used by the domain rule tests.
 */
export const DOMAIN_PROJECT = path.join(REPO_ROOT, 'test/fixtures/domain-project');
export const DOMAIN_PROJECT_CONFIG_FILE = path.join(DOMAIN_PROJECT, 'plumbline.config.json');

export function domainProjectConfig(overrides: Record<string, unknown> = {}): ResolvedConfig {
  const raw = JSON.parse(readFileSync(DOMAIN_PROJECT_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
  return resolveConfig({ ...raw, ...overrides }, { configFile: DOMAIN_PROJECT_CONFIG_FILE });
}

export function inDomainProject(file: string): string {
  return path.join(DOMAIN_PROJECT, file);
}
