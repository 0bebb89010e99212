import type { UserConfig } from './schema.js';

/** Identity helper that gives plumbline.config.ts editor completion and type checks. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}
