import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig, type ResolvedConfig } from '../../config/resolve.js';
import { REPO_ROOT } from './paths.js';

/** A small layered project with folder names unlike hoc-app, used by the rule tests. */
export const RULE_PROJECT = path.join(REPO_ROOT, 'test/fixtures/rule-project');
export const RULE_PROJECT_CONFIG_FILE = path.join(RULE_PROJECT, 'plumbline.config.json');

export function ruleProjectConfig(overrides: Record<string, unknown> = {}): ResolvedConfig {
  const raw = JSON.parse(readFileSync(RULE_PROJECT_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
  return resolveConfig({ ...raw, ...overrides }, { configFile: RULE_PROJECT_CONFIG_FILE });
}

export function inProject(file: string): string {
  return path.join(RULE_PROJECT, file);
}
