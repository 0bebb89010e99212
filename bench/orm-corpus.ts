import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom, type SeededRandom } from '../testing/random.js';
import { moduleBody } from './corpus.js';

/**
 * Writes a synthetic TypeScript codebase shaped like an ORM of about 500 files: five layers in deep folder trees
 * (`src/driver/sql/postgres/...`), an `index.ts` barrel per folder that re-exports its files and sub-folders,
 * about five imports per file (siblings directly, other folders through their barrels, some `import type`),
 * seeded import cycles between siblings and seeded layer violations (a facade file importing a driver barrel,
 * skipping the query layer). Deterministic for a seed; every count the tools must report is known in advance.
 */
export interface OrmCorpusOptions {
  /** Source files besides the barrels (the barrels add about a fifth). */
  files: number;
  seed: number;
  /** Seeded layer violations (facade -> driver). */
  violations: number;
  /** Seeded cycles, each among three siblings of one folder. */
  cycles: number;
}

export interface OrmCorpus {
  /** Every written source file (barrels included), absolute, sorted. */
  files: string[];
  /** Import statements and re-exports written. */
  imports: number;
  /** Seeded layer violations: what `check`, eslint-plugin-boundaries and dependency-cruiser's layer rules report. */
  violations: number;
  /** Seeded import cycles (checked: the only ones, each a simple cycle of three files): dependency-cruiser's no-circular. */
  cycles: number;
}

/** Lowest first: a layer may import only layers before it, as `MAY_IMPORT` says. */
const LAYERS = ['common', 'metadata', 'driver', 'query', 'facade'] as const;
type Layer = (typeof LAYERS)[number];
const MAY_IMPORT: Record<Layer, Layer[]> = {
  common: [],
  metadata: ['common'],
  driver: ['metadata', 'common'],
  query: ['driver', 'metadata', 'common'],
  // The facade goes through the query layer: a facade file importing a driver is the seeded violation.
  facade: ['query', 'metadata', 'common'],
};
const LAYER_SHARE: Record<Layer, number> = { common: 0.14, metadata: 0.2, driver: 0.28, query: 0.2, facade: 0.18 };
const FOLDER_WORDS = [
  'sql',
  'postgres',
  'mysql',
  'sqlite',
  'mongo',
  'cache',
  'schema',
  'migration',
  'entity',
  'relation',
  'column',
  'index',
  'tree',
  'listener',
  'subscriber',
  'naming',
  'logger',
  'error',
  'util',
  'platform',
  'builder',
  'select',
  'insert',
  'update',
  'delete',
  'where',
  'join',
  'find',
  'options',
  'repository',
  'manager',
  'connection',
  'transaction',
  'runner',
];

interface Folder {
  layer: Layer;
  rel: string;
  children: Folder[];
  files: SourceFile[];
  /** Global order of the folder's last file; a barrel may be imported only by files after its whole subtree. */
  lastOrder: number;
}
interface SourceFile {
  layer: Layer;
  folder: Folder;
  rel: string;
  name: string;
  order: number;
}

export function generateOrmCorpus(root: string, options: OrmCorpusOptions): OrmCorpus {
  rmSync(root, { recursive: true, force: true });
  const random = seededRandom(options.seed);
  // Folders in post-order (children before parents), layers lowest first: imports go to lower orders only.
  const folders: Folder[] = [];
  const files: SourceFile[] = [];
  for (const layer of LAYERS) {
    const count = Math.max(3, Math.round(options.files * LAYER_SHARE[layer]));
    const top = folderTree(layer, `src/${layer}`, 0, count, random);
    nameFiles(postOrder(top).flatMap((folder) => folder.files));
    for (const folder of postOrder(top)) {
      folders.push(folder);
      for (const file of folder.files) files.push(Object.assign(file, { order: files.length }));
      // Post-order: the folder's own files come after its sub-folders', so this ends its whole subtree.
      folder.lastOrder = files.length - 1;
    }
  }

  // Value edges (for the cycle count) and the import lines of each file.
  const lines = new Map<SourceFile, string[]>(files.map((file) => [file, []]));
  const edges = new Map<string, Set<string>>();
  const addEdge = (from: string, to: string) => edges.set(from, (edges.get(from) ?? new Set()).add(to));
  let imports = 0;
  // Folders that get a seeded cycle among their first three files; the third never imports the first directly,
  // so each cycle stays one simple cycle (dependency-cruiser reports a cycle once, whatever its length).
  const cycleFolders = pickDistinct(
    folders.filter((folder) => folder.files.length >= 3),
    options.cycles,
    random,
  );
  const chordFree = new Map(cycleFolders.map((folder) => [folder.files[2], folder.files[0]]));
  for (const file of files) {
    const wanted = random.int(4, 7);
    const targets = new Set<string>();
    for (let k = 0; k < wanted; k++) {
      const siblings = file.folder.files.filter((other) => other.order < file.order && chordFree.get(file) !== other);
      if (siblings.length > 0 && random.next() < 0.45) {
        const target = random.pick(siblings);
        if (targets.has(target.rel)) continue;
        targets.add(target.rel);
        lines.get(file)!.push(importLine(file.rel, target.rel, `${target.name}Value`, false));
        addEdge(file.rel, target.rel);
        continue;
      }
      const layers = [file.layer, ...MAY_IMPORT[file.layer]];
      const reachable = folders.filter(
        (folder) => folder.lastOrder < file.order && folder.files.length > 0 && layers.includes(folder.layer),
      );
      if (reachable.length === 0) continue;
      const folder = random.pick(reachable);
      const barrel = `${folder.rel}/index.ts`;
      if (targets.has(barrel)) continue;
      targets.add(barrel);
      const typeOnly = random.next() < 0.2;
      const exported = random.pick(folder.files);
      lines.get(file)!.push(importLine(file.rel, barrel, typeOnly ? `${exported.name}Input` : `${exported.name}Value`, typeOnly));
      if (!typeOnly) addEdge(file.rel, barrel);
    }
  }

  let violations = 0;
  const facadeFiles = files.filter((file) => file.layer === 'facade');
  const driverFolders = folders.filter((folder) => folder.layer === 'driver' && folder.files.length > 0);
  for (const file of pickDistinct(facadeFiles, options.violations, random)) {
    const folder = random.pick(driverFolders);
    lines.get(file)!.push(importLine(file.rel, `${folder.rel}/index.ts`, `${folder.files[0]!.name}Value`, false));
    addEdge(file.rel, `${folder.rel}/index.ts`);
    violations++;
  }

  // A cycle: the first of three siblings imports the third, which imports the second, which imports the first.
  for (const folder of cycleFolders) {
    const [first, second, third] = folder.files as [SourceFile, SourceFile, SourceFile];
    for (const [from, to] of [
      [second, first],
      [third, second],
      [first, third],
    ] as const) {
      if (edges.get(from.rel)?.has(to.rel)) continue;
      lines.get(from)!.push(importLine(from.rel, to.rel, `${to.name}Value`, false));
      addEdge(from.rel, to.rel);
    }
  }

  const written: string[] = [];
  const write = (rel: string, text: string) => {
    const target = path.join(root, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    written.push(target);
  };
  for (const file of files) {
    const fileLines = lines.get(file)!;
    imports += fileLines.length;
    write(file.rel, `${fileLines.join('\n')}\n\n${moduleBody(file.name, random)}`);
  }
  for (const folder of folders) {
    const reExports = [
      ...folder.files.map((file) => `export * from './${path.posix.basename(file.rel, '.ts')}.js';`),
      ...folder.children.map((child) => `export * from './${path.posix.basename(child.rel)}/index.js';`),
    ];
    imports += reExports.length;
    write(`${folder.rel}/index.ts`, `${reExports.join('\n')}\n`);
    for (const file of folder.files) addEdge(`${folder.rel}/index.ts`, file.rel);
    for (const child of folder.children) addEdge(`${folder.rel}/index.ts`, `${child.rel}/index.ts`);
  }

  writeFileSync(
    path.join(root, 'tsconfig.json'),
    JSON.stringify(
      { compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true }, include: ['src'] },
      null,
      2,
    ),
  );
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'bench-orm-corpus', private: true, type: 'module' }));
  const layers = Object.fromEntries(LAYERS.map((layer) => [layer, { paths: [`src/${layer}/**`], mayImport: MAY_IMPORT[layer] }]));
  const config = { include: ['src/**/*.ts'], layers, engines: { layers: [] }, transactions: { owners: ['facade'] } };
  writeFileSync(path.join(root, 'plumbline.config.json'), JSON.stringify(config, null, 2));
  const cycles = stronglyConnected(edges);
  // Fail loudly if the corpus's cycles are not the seeded ones, each three imports long.
  if (cycles.components !== options.cycles || cycles.edges !== 3 * options.cycles) {
    throw new Error(`seeded ${options.cycles} cycles, found ${cycles.components} with ${cycles.edges} imports on them`);
  }
  return { files: written.sort(), imports, violations, cycles: options.cycles };
}

/** Splits `count` files of a layer over a folder tree two to four levels deep, four to twelve files a folder. */
function folderTree(layer: Layer, rel: string, depth: number, count: number, random: SeededRandom): Folder {
  const folder: Folder = { layer, rel, children: [], files: [], lastOrder: -1 };
  const own = depth === 0 ? Math.min(count, random.int(2, 5)) : Math.min(count, random.int(4, 12));
  for (let i = 0; i < own; i++) folder.files.push({ layer, folder, rel: '', name: '', order: -1 });
  let left = count - own;
  const used = new Set<string>();
  while (left > 0) {
    const share = depth >= 3 ? left : Math.min(left, random.int(8, 40));
    let word = random.pick(FOLDER_WORDS);
    while (used.has(word)) word = `${word}2`;
    used.add(word);
    folder.children.push(folderTree(layer, `${rel}/${word}`, depth + 1, share, random));
    left -= share;
  }
  return folder;
}

function postOrder(folder: Folder): Folder[] {
  return [...folder.children.flatMap(postOrder), folder];
}

/** Names files after their folder and position, so every exported name in the corpus is unique. */
function nameFiles(files: SourceFile[]): void {
  for (const file of files) {
    const folder = file.folder.rel
      .split('/')
      .slice(1)
      .join('_')
      .replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
    file.name = `${folder}F${file.folder.files.indexOf(file)}`;
    file.rel = `${file.folder.rel}/${file.name}.ts`;
  }
}

function pickDistinct<T>(items: readonly T[], count: number, random: SeededRandom): T[] {
  if (items.length < count) throw new Error(`corpus too small: ${count} wanted, ${items.length} available`);
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count) picked.push(pool.splice(random.int(0, pool.length - 1), 1)[0] as T);
  return picked;
}

function importLine(fromRel: string, toRel: string, name: string, typeOnly: boolean): string {
  let specifier = path.posix.relative(path.posix.dirname(fromRel), toRel).replace(/\.ts$/, '.js');
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  return `import ${typeOnly ? 'type ' : ''}{ ${name} } from '${specifier}';`;
}

/** Strongly connected components with more than one file (Tarjan), and the edges inside them (the edges on a cycle). */
function stronglyConnected(edges: Map<string, Set<string>>): { components: number; edges: number } {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let counter = 0;
  let components = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.set(member, components);
      } while (member !== node);
      components++;
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  let count = 0;
  const cyclic = new Set<number>();
  for (const [from, targets] of edges) {
    for (const to of targets) {
      if (component.get(from) !== component.get(to) || from === to) continue;
      count++;
      cyclic.add(component.get(from) as number);
    }
  }
  return { components: cyclic.size, edges: count };
}
