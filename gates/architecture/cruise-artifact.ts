import path from 'node:path';
import type { ICruiseResult, IModule, IOptions } from 'dependency-cruiser';
import { stableStringify } from '../../core/stable-json.js';

/** Option keys that hold machine-specific values (absolute folders, the file list as typed). */
const VOLATILE_OPTION_KEYS = new Set(['baseDir', 'args', 'outputTo', 'cache']);

/** depcruise derives `dependents` only when a rule or reporter needs them, and older results lack `optionsUsed`. */
type CruisedModule = Omit<IModule, 'dependents'> & { dependents?: string[] };
type CruisedOptions = IOptions | undefined;

/**
 * dependency-cruiser's result as a deterministic JSON document: modules,
 * dependencies and violations in a fixed order, keys sorted, no absolute paths
 * (the project root becomes `.`), no run-specific values.
 */
export function renderCruiseArtifact(result: ICruiseResult, root: string): string {
  const { revisionData: _revision, ...rest } = result;
  const cruised: readonly CruisedModule[] = rest.modules;
  const modules = [...cruised]
    .map((module) => ({
      ...module,
      dependencies: [...module.dependencies].sort((a, b) => compare(`${a.resolved} ${a.module}`, `${b.resolved} ${b.module}`)),
      dependents: module.dependents ? [...module.dependents].sort() : undefined,
    }))
    .sort((a, b) => compare(a.source, b.source));
  const optionsUsed = Object.fromEntries(
    Object.entries((rest.summary.optionsUsed as CruisedOptions) ?? {}).filter(([key]) => !VOLATILE_OPTION_KEYS.has(key)),
  );
  const violations = [...rest.summary.violations].sort((a, b) =>
    compare(`${a.rule.name} ${a.from} ${a.to}`, `${b.rule.name} ${b.from} ${b.to}`),
  );
  const document = { ...rest, modules, summary: { ...rest.summary, optionsUsed, violations } };
  return `${stableStringify(relativise(document, root), 2)}\n`;
}

/** Every string naming a path below the root, made root-relative. */
function relativise(value: unknown, root: string): unknown {
  const prefix = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') {
      if (node === root) return '.';
      return node.startsWith(prefix) ? node.slice(prefix.length).split(path.sep).join('/') : node;
    }
    if (Array.isArray(node)) return node.map(visit);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, visit(child)]));
    }
    return node;
  };
  return visit(value);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
