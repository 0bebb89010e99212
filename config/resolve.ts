import { createHash } from 'node:crypto';
import path from 'node:path';
import { ConfigError, problemsFromZod, type ConfigProblem } from './errors.js';
import { mayImportCycles, mayImportReferences, shadowedLayerGlobs, unknownLayerReferences } from './layer-checks.js';
import { formatPath } from './errors.js';
import { baseDefaults, presets, type PresetConfig } from './presets.js';
import {
  FullConfigSchema,
  UserConfigSchema,
  type BannedFile,
  type FullConfig,
  type LayerConfig,
  type PresetName,
  type UserConfig,
} from './schema.js';
import { stableStringify } from '../core/stable-json.js';

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
  /**
   * Whether the config (or its preset) says which layers are pure: engines.layers set, even to [],
   * or a layer marked pure. When not, and no layer is conventionally pure, engine-purity checks nothing.
   */
  pureLayersDeclared: boolean;
  /** What the config leaves off without saying so (e.g. no preset and no engines.layers): valid, but worth a word. */
  warnings: ConfigProblem[];
}

/**
 * Validates a raw config object (what the config file exported), applies its
 * preset and returns the resolved config, or throws a ConfigError that names
 * every bad field at once.
 */
export function resolveConfig(raw: unknown, options: { configFile?: string; cwd?: string } = {}): ResolvedConfig {
  const file = options.configFile;
  const user = UserConfigSchema.safeParse(raw);
  if (!user.success) {
    // Name the layer model's problems too, so one run shows every problem.
    throw new ConfigError(file, [...problemsFromZod(user.error), ...layerModelProblems(raw)]);
  }

  const merged = applyPreset(user.data);
  const warnings = silentlyOff(user.data, merged);
  const full = FullConfigSchema.safeParse(merged);
  if (!full.success) throw new ConfigError(file, problemsFromZod(full.error));

  const base = file ? path.dirname(file) : (options.cwd ?? process.cwd());
  const root = path.resolve(base, user.data.root ?? '.');
  const { layers, bannedFiles, ...rest } = full.data;
  const resolvedLayers = Object.entries(layers).map(([name, layer]) => ({ name, ...layer }));
  const resolvedBanned = bannedFiles.map(normaliseBanned);
  const { sharedKernel, domainEntriesByDomain, ...hashed } = rest;
  // Domain settings join the hash only when set, so configs that never use them keep their hash.
  const domainExtras = {
    ...(sharedKernel.length > 0 ? { sharedKernel } : {}),
    ...(Object.keys(domainEntriesByDomain).length > 0 ? { domainEntriesByDomain } : {}),
  };
  const canonical = { ...hashed, ...domainExtras, preset: user.data.preset, layers: resolvedLayers, bannedFiles: resolvedBanned };
  return {
    ...canonical,
    sharedKernel,
    domainEntriesByDomain,
    root,
    configFile: file,
    warnings,
    hash: createHash('sha256').update(stableStringify(canonical)).digest('hex'),
    pureLayersDeclared:
      (user.data.engines?.layers ?? (user.data.preset ? presets[user.data.preset].engines?.layers : undefined)) !== undefined ||
      Object.values(user.data.layers ?? {}).some((layer) => layer !== false && layer.pure !== undefined),
  };
}

/**
 * The layer model's problems in an unvalidated config (with its preset's layers): mayImport/mayImportTypes
 * naming no layer, overlapping globs and mayImport cycles, read leniently.
 */
function layerModelProblems(raw: unknown): ConfigProblem[] {
  if (!isRecord(raw) || !isRecord(raw.layers)) return [];
  const presetName = typeof raw.preset === 'string' && raw.preset in presets ? (raw.preset as PresetName) : undefined;
  const presetLayers = (presetName ? presets[presetName].layers : undefined) ?? {};
  const strings = (value: unknown) => (Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined);
  const layers: Record<string, { paths: string[]; mayImport: string[] }> = {};
  for (const name of [...new Set([...Object.keys(presetLayers), ...Object.keys(raw.layers)])]) {
    if (raw.layers[name] === false) continue;
    const own = isRecord(raw.layers[name]) ? raw.layers[name] : {};
    const preset = presetLayers[name] ?? {};
    layers[name] = {
      paths: strings(own.paths) ?? strings(preset.paths) ?? [],
      mayImport: strings(own.mayImport) ?? strings(preset.mayImport) ?? [],
    };
  }
  return [
    ...unknownLayerReferences(mayImportReferences(raw.layers), Object.keys(layers)),
    ...shadowedLayerGlobs(layers),
    ...mayImportCycles(layers),
  ].map((problem) => ({ path: formatPath(problem.path), message: problem.message }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function applyPreset(user: UserConfig): Record<string, unknown> {
  const { preset: presetName, $schema: _schema, root: _root, ...fields } = user;
  const preset: Partial<PresetConfig> = presetName ? presets[presetName] : {};
  // `name: false` drops a preset layer; the preset's own references to it go too (the user's stay, and are errors).
  const dropped = new Set(
    Object.entries(fields.layers ?? {})
      .filter(([, layer]) => layer === false)
      .map(([name]) => name),
  );
  const kept = (names: readonly string[] | undefined) => names?.filter((name) => !dropped.has(name));
  const presetLayers = preset.layers ?? {};
  const fromPreset = (name: string) => {
    const layer = presetLayers[name];
    return layer ? { ...layer, mayImport: kept(layer.mayImport), mayImportTypes: kept(layer.mayImportTypes) } : {};
  };
  // Order decides which of two overlapping layers owns a file. A config naming every preset layer (or dropping it)
  // states the whole order; otherwise the preset's layers keep theirs and the config's new layers follow.
  const own = fields.layers ?? {};
  const layers: Record<string, unknown> = {};
  const ordered = Object.keys(presetLayers).every((name) => name in own)
    ? Object.keys(own)
    : [...Object.keys(presetLayers), ...Object.keys(own)];
  for (const name of ordered) {
    const layer = own[name];
    if (layer === false || dropped.has(name) || name in layers) continue;
    layers[name] = { ...fromPreset(name), ...(layer ? withoutUndefined(layer) : {}) };
  }
  const presetTransactions = preset.transactions ? { ...preset.transactions, owners: kept(preset.transactions.owners) } : {};
  const presetEngines = preset.engines ? { ...preset.engines, layers: kept(preset.engines.layers) } : {};
  return {
    ...baseDefaults,
    ...withoutUndefined(preset),
    ...withoutUndefined(fields),
    layers,
    ...domainSettings(fields.domains ?? preset.domains),
    // Object-valued settings merge one level deep, so a user can change one key and keep the preset's others.
    gates: { ...(preset.gates ?? {}), ...(fields.gates ?? {}) },
    transactions: { ...baseDefaults.transactions, ...withoutUndefined(presetTransactions), ...(fields.transactions ?? {}) },
    engines: {
      ...baseDefaults.engines,
      ...withoutUndefined(presetEngines),
      ...(fields.engines ?? {}),
      layers: pureLayers(layers, fields.engines?.layers ?? kept(preset.engines?.layers)),
    },
  };
}

/** `domains` as globs or as { paths, shared, entries }, in the resolved config's three fields. */
interface DomainSettings {
  domains: string[];
  sharedKernel: string[];
  domainEntriesByDomain: Record<string, string[]>;
}

function domainSettings(domains: UserConfig['domains']): DomainSettings {
  if (domains === undefined || Array.isArray(domains)) return { domains: domains ?? [], sharedKernel: [], domainEntriesByDomain: {} };
  return { domains: domains.paths, sharedKernel: domains.shared ?? [], domainEntriesByDomain: domains.entries ?? {} };
}

/** Layer names the architectures call pure: hoc engines (L5), hexagonal/DDD domain, clean entities. */
const CONVENTIONALLY_PURE = new Set(['engines', 'domain', 'entities']);

/**
 * The pure layers (rule engine-purity): `engines.layers` as the config or preset names them, else
 * the conventionally pure layer names; plus layers marked `pure: true`, minus those marked `pure: false`.
 */
function pureLayers(layers: Record<string, unknown>, named: readonly string[] | undefined): string[] {
  const flag = (name: string) => {
    const layer = layers[name];
    return isRecord(layer) && typeof layer.pure === 'boolean' ? layer.pure : undefined;
  };
  const names = Object.keys(layers);
  const base = named ?? names.filter((name) => CONVENTIONALLY_PURE.has(name));
  const marked = names.filter((name) => flag(name) === true);
  return [...new Set([...base, ...marked])].filter((name) => flag(name) !== false);
}

/** Checks that end up with no layer because nothing set them, though the user never asked for them off. */
function silentlyOff(user: UserConfig, merged: Record<string, unknown>): ConfigProblem[] {
  const cause = user.preset ? `the preset '${user.preset}' names no kept layer for it` : 'no preset supplies it';
  const fields = [
    { path: 'engines.layers', set: user.engines?.layers, value: (merged.engines as { layers?: string[] }).layers, rule: 'engine-purity' },
    {
      path: 'transactions.owners',
      set: user.transactions?.owners,
      value: (merged.transactions as { owners?: string[] }).owners,
      rule: 'transaction-boundaries',
    },
  ];
  return fields
    .filter((field) => field.set === undefined && (field.value ?? []).length === 0)
    .map((field) => ({
      path: field.path,
      message: `is not set and ${cause}: ${field.rule} checks nothing (name the layers, or write [] to turn it off knowingly)`,
    }));
}

function withoutUndefined(object: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key, value]) => value !== undefined && key !== 'preset'));
}

function normaliseBanned(entry: BannedFile): { pattern: string; reason: string | undefined } {
  return typeof entry === 'string' ? { pattern: entry, reason: undefined } : { pattern: entry.pattern, reason: entry.reason };
}
