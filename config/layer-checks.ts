import picomatch from 'picomatch';
import { GLOB_OPTIONS } from '../core/layer-matcher.js';

/**
 * Checks of the layer model that zod's field-by-field shapes cannot express:
 * a layer glob that can never own a file, a cycle in mayImport, and a name
 * that refers to no layer. The first two are config mistakes that would
 * otherwise pass silently (a dead layer checks nothing; a cycle makes "data
 * flows one way" meaningless). The schema and the lenient pass over a config
 * the schema rejects (config/resolve.ts) share these, so both say the same.
 */

export interface LayerModelProblem {
  path: PropertyKey[];
  message: string;
}

interface LayerShape {
  paths: readonly string[];
  mayImport: readonly string[];
}

// The layer matcher's own options, so "covered" means covered there.
const globOptions = GLOB_OPTIONS;

function normaliseGlob(glob: string): string {
  return glob.replace(/^\.\//, '').replace(/\/+$/, '');
}

/**
 * True when every path `later` matches is certainly matched by `earlier`, so a
 * layer listed after `earlier`'s layer can never own it (a file belongs to the
 * first layer whose globs match it). Sound, not complete: it answers true only
 * for an identical glob, a literal file `earlier` matches, or a glob whose static
 * base folder lies inside a `<pattern>/**` glob; anything subtler is left alone.
 */
export function globCovers(earlier: string, later: string): boolean {
  const a = normaliseGlob(earlier);
  const b = normaliseGlob(later);
  if (a === b || a === '**') return true;
  const scan = picomatch.scan(b);
  if (scan.negated) return false;
  if (!scan.isGlob) return picomatch(a, globOptions)(b);
  if (!a.endsWith('/**') || scan.base === '') return false;
  const prefix = picomatch(a.slice(0, -'/**'.length), globOptions);
  const segments = scan.base.split('/');
  return segments.some((_, index) => prefix(segments.slice(0, index + 1).join('/')));
}

/** Every glob of a layer that an earlier layer's glob wholly covers (a dead glob). */
export function shadowedLayerGlobs(layers: Readonly<Record<string, LayerShape>>): LayerModelProblem[] {
  const problems: LayerModelProblem[] = [];
  const names = Object.keys(layers);
  names.forEach((name, layerIndex) => {
    layers[name]?.paths.forEach((glob, globIndex) => {
      for (const earlierName of names.slice(0, layerIndex)) {
        const cover = layers[earlierName]?.paths.find((earlierGlob) => globCovers(earlierGlob, glob));
        if (cover !== undefined) {
          problems.push({
            path: ['layers', name, 'paths', globIndex],
            message: `'${glob}' overlaps layer '${earlierName}' ('${cover}'), which comes first and owns every file it matches: this glob can never match a file of '${name}' (narrow '${cover}' or list '${name}' first)`,
          });
          break;
        }
      }
    });
  });
  return problems;
}

/** Each cycle of mayImport between distinct layers, reported once at its first edge (a layer may always import itself). */
export function mayImportCycles(layers: Readonly<Record<string, LayerShape>>): LayerModelProblem[] {
  const problems: LayerModelProblem[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    stack.push(name);
    const targets = layers[name]?.mayImport ?? [];
    targets.forEach((target, index) => {
      if (target === name || !(target in layers)) return;
      if (state.get(target) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(target)), target];
        const key = [...cycle.slice(0, -1)].sort().join('\0');
        if (!reported.has(key)) {
          reported.add(key);
          problems.push({
            path: ['layers', name, 'mayImport', index],
            message: `mayImport forms a cycle ${cycle.join(' -> ')}: layers must form a one-way order (use mayImportTypes for type-only references back)`,
          });
        }
      } else if (!state.has(target)) {
        visit(target);
      }
    });
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of Object.keys(layers)) if (!state.has(name)) visit(name);
  return problems;
}

/** A field that names layers: its path and its value, read leniently (only the strings of an array name layers). */
export interface LayerReference {
  path: PropertyKey[];
  names: unknown;
}

/** Each layer's mayImport and mayImportTypes, read leniently so a config the schema rejects can be checked too. */
export function mayImportReferences(layers: Readonly<Record<string, unknown>>): LayerReference[] {
  return Object.entries(layers).flatMap(([name, layer]) =>
    typeof layer === 'object' && layer !== null
      ? (['mayImport', 'mayImportTypes'] as const).map((key) => ({
          path: ['layers', name, key],
          names: (layer as Record<string, unknown>)[key],
        }))
      : [],
  );
}

/** Every name in `references` that is not a known layer (entries of another type are the schema's to report). */
export function unknownLayerReferences(references: readonly LayerReference[], known: readonly string[]): LayerModelProblem[] {
  const problems: LayerModelProblem[] = [];
  for (const { path, names } of references) {
    if (!Array.isArray(names)) continue;
    names.forEach((target: unknown, index) => {
      if (typeof target === 'string' && !known.includes(target)) {
        problems.push({ path: [...path, index], message: `unknown layer '${target}' (known: ${known.join(', ')})` });
      }
    });
  }
  return problems;
}
