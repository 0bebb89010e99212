import picomatch from 'picomatch';
import { shadowedLayerGlobs } from '../layer-checks.js';

/** A literal path segment as a glob: picomatch's special characters escaped. */
function literal(segment: string): string {
  return segment.replace(/[*?[\]{}()!+@\\]/g, '\\$&');
}

/**
 * Globs covering folders of one layer, one per shape: folders at the same depth
 * ending in the same word merge, and a segment that differs between them becomes
 * `*` (`src/Contexts/mooc/courses/domain` + `src/Contexts/backoffice/users/domain`
 * -> `src/Contexts/<*>/<*>/domain/**`, each <*> a star).
 */
export function folderGlobs(folders: Iterable<string>, tail = '/**'): string[] {
  const groups = new Map<string, string[][]>();
  for (const folder of new Set(folders)) {
    const parts = folder.split('/');
    const key = `${parts.length}\0${parts[parts.length - 1] ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), parts]);
  }
  const globs = [...groups.values()].map((members) => {
    const first = members[0] as string[];
    // A `*` segment stands for any domain already (see generaliseDomains); anything else is literal.
    const segments = first.map((segment, index) =>
      members.every((parts) => parts[index] === segment) ? (segment === '*' ? '*' : literal(segment)) : '*',
    );
    return `${segments.join('/')}${tail}`;
  });
  return globs.sort();
}

/** `**\/*.controller.ts` under a prefix, one glob for the extensions seen. */
export function suffixGlob(prefix: string, suffix: string, extensions: Iterable<string>): string {
  const sorted = [...new Set(extensions)].sort();
  const extension = sorted.length === 1 ? sorted[0] : `{${sorted.join(',')}}`;
  return `${prefix}**/*.${literal(suffix)}.${extension}`;
}

export interface OrderableLayer {
  name: string;
  paths: string[];
  mayImport: string[];
}

/**
 * The layer order (first match owns a file) under which the most files land in the
 * layer their evidence names; ties keep the family's order. Layers that share no file
 * keep their order, so only layers whose globs overlap are permuted.
 */
export function orderLayers<Layer extends OrderableLayer>(layers: readonly Layer[], intended: ReadonlyMap<string, string>): Layer[] {
  const tests = layers.map((layer) => picomatch(layer.paths, { dot: true }));
  const contested: Contest[] = [];
  for (const [file, name] of intended) {
    const matching = tests.flatMap((test, index) => (test(file) ? [index] : []));
    if (matching.length > 1) contested.push({ matching, want: layers.findIndex((layer) => layer.name === name) });
  }
  const involved = [...new Set(contested.flatMap((entry) => entry.matching))].sort((a, b) => a - b);
  if (involved.length < 2) return [...layers];
  const best = involved.length > 8 ? preferredOrder(involved, contested) : bestPermutation(involved, contested);
  // The contested layers take the best order among the slots they held; the others stay put.
  const result = [...layers];
  involved.forEach((slot, position) => {
    result[slot] = layers[best[position] as number] as Layer;
  });
  return result;
}

interface Contest {
  matching: number[];
  want: number;
}

/** The order of the contested layers that gives the most files their intended layer: every order tried. */
function bestPermutation(involved: number[], contested: readonly Contest[]): number[] {
  let best = involved;
  let bestScore = -1;
  for (const order of permutations(involved)) {
    const rank = new Map(order.map((index, position) => [index, position]));
    let score = 0;
    for (const entry of contested) {
      const owner = entry.matching.reduce((a, b) => ((rank.get(a) as number) < (rank.get(b) as number) ? a : b));
      if (owner === entry.want) score += 1;
    }
    if (score > bestScore) {
      best = order;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Too many layers to try every order: each layer goes before those it wins more files from than it loses to,
 * taken in the family's order where nothing decides (and out of a cycle, the earliest first).
 */
function preferredOrder(involved: readonly number[], contested: readonly Contest[]): number[] {
  const wins = new Map<string, number>();
  for (const { matching, want } of contested) {
    for (const other of matching) if (other !== want) wins.set(`${want}>${other}`, (wins.get(`${want}>${other}`) ?? 0) + 1);
  }
  const before = (a: number, b: number) => (wins.get(`${a}>${b}`) ?? 0) > (wins.get(`${b}>${a}`) ?? 0);
  const order: number[] = [];
  const rest = [...involved];
  // A cycle of wins leaves no candidate free: the first one left goes next.
  for (let first = rest.at(0); first !== undefined; first = rest.at(0)) {
    const free = rest.find((candidate) => !rest.some((other) => other !== candidate && before(other, candidate))) ?? first;
    order.push(free);
    rest.splice(rest.indexOf(free), 1);
  }
  return order;
}

/** Permutations in lexicographic order of the input's order (the identity first). */
function* permutations(items: readonly number[]): Generator<number[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let index = 0; index < items.length; index++) {
    const rest = [...items.slice(0, index), ...items.slice(index + 1)];
    for (const tail of permutations(rest)) yield [items[index] as number, ...tail];
  }
}

/** The layers without the globs an earlier layer wholly covers (they could never own a file). */
export function withoutShadowedGlobs<Layer extends OrderableLayer>(layers: readonly Layer[]): Layer[] {
  const shape = Object.fromEntries(layers.map((layer) => [layer.name, layer]));
  const dead = new Set(shadowedLayerGlobs(shape).map((problem) => `${String(problem.path[1])}\0${String(problem.path[3])}`));
  return layers
    .map((layer) => ({ ...layer, paths: layer.paths.filter((_, index) => !dead.has(`${layer.name}\0${index}`)) }))
    .filter((layer) => layer.paths.length > 0);
}

/** The layer without globs that add no file to its other globs (`src/apps/x/**` beside `src/apps/**`). */
export function withoutRedundantGlobs<Layer extends OrderableLayer>(layer: Layer, files: readonly string[]): Layer {
  let paths = [...layer.paths];
  // Suffix globs go first when redundant: a folder reads better than a file-name rule.
  for (const glob of [...paths].reverse()) {
    const others = paths.filter((other) => other !== glob);
    if (others.length === 0) break;
    const own = picomatch(glob, { dot: true });
    const rest = picomatch(others, { dot: true });
    if (files.every((file) => !own(file) || rest(file))) paths = others;
  }
  return { ...layer, paths };
}
