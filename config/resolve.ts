import { createHash } from 'node:crypto';
import path from 'node:path';
import { ConfigError, problemsFromZod } from './errors.js';
import { baseDefaults, presets } from './presets.js';
import {
  FullConfigSchema,
  UserConfigSchema,
  type BannedFile,
  type FullConfig,
  type LayerConfig,
  type UserConfig,
} from './schema.js';
import { stableStringify } from './stable-json.js';

export interface ResolvedLayer extends LayerConfig {
  name: string;
}

/** A validated config with the preset applied and paths made absolute. */
export interface ResolvedConfig extends Omit<FullConfig, 'layers' | 'bannedFiles'> {
  /** Absolute project root; every glob is relative to it. */
  root: string;
  /** Absolute path of the config file, if the config came from one. */
  configFile: string | undefined;
  preset: string | undefined;
  /** Layers in declaration order; the first layer whose globs match a file owns it. */
  layers: ResolvedLayer[];
  bannedFiles: Array<{ pattern: string; reason: string | undefined }>;
  /** sha256 of the canonical config (root-independent), recorded in evidence. */
  hash: string;
}

/**
 * Validates a raw config object (what the config file exported), applies its
 * preset and returns the resolved config, or throws a ConfigError that names
 * every bad field at once.
 */
export function resolveConfig(raw: unknown, options: { configFile?: string; cwd?: string } = {}): ResolvedConfig {
  const file = options.configFile;
  const user = UserConfigSchema.safeParse(raw);
  if (!user.success) throw new ConfigError(file, problemsFromZod(user.error));

  const merged = applyPreset(user.data);
  const full = FullConfigSchema.safeParse(merged);
  if (!full.success) throw new ConfigError(file, problemsFromZod(full.error));

  const base = file ? path.dirname(file) : (options.cwd ?? process.cwd());
  const root = path.resolve(base, user.data.root ?? '.');
  const { layers, bannedFiles, ...rest } = full.data;
  const resolvedLayers = Object.entries(layers).map(([name, layer]) => ({ name, ...layer }));
  const resolvedBanned = bannedFiles.map(normaliseBanned);
  const canonical = { ...rest, preset: user.data.preset, layers: resolvedLayers, bannedFiles: resolvedBanned };
  return {
    ...canonical,
    root,
    configFile: file,
    hash: createHash('sha256').update(stableStringify(canonical)).digest('hex'),
  };
}

function applyPreset(user: UserConfig): Record<string, unknown> {
  const { preset: presetName, $schema: _schema, root: _root, ...fields } = user;
  const preset = presetName ? presets[presetName] : {};
  const layers: Record<string, unknown> = {};
  for (const [name, layer] of Object.entries(preset.layers ?? {})) layers[name] = { ...layer };
  for (const [name, layer] of Object.entries(fields.layers ?? {})) {
    layers[name] = { ...(layers[name] as object | undefined), ...layer };
  }
  return {
    ...baseDefaults,
    ...withoutUndefined(preset),
    ...withoutUndefined(fields),
    layers,
    gates: { ...(preset.gates ?? {}), ...(fields.gates ?? {}) },
  };
}

function withoutUndefined(object: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key, value]) => value !== undefined && key !== 'preset'));
}

function normaliseBanned(entry: BannedFile): { pattern: string; reason: string | undefined } {
  return typeof entry === 'string' ? { pattern: entry, reason: undefined } : { pattern: entry.pattern, reason: entry.reason };
}
