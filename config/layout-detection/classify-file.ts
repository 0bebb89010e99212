import path from 'node:path';
import { DATABASE_LIBRARY_WORDS, LIBRARY_WORDS, normaliseWord, SHARED_KERNEL_WORDS, type Family, type RoleWords } from './vocabulary.js';

interface EvidenceBase {
  role: RoleWords;
  /** The layer's name in the project's own words: `controllers`, `useCases`, `inbound`, `mappers`. */
  label: string;
}

/** Why a file was given a role: a folder word, a file-name suffix, or an entry-file name. */
export type Evidence =
  | (EvidenceBase & {
      kind: 'strong' | 'weak';
      word: string;
      /** Path of the folder the word names, e.g. `src/modules/user/domain`. */
      folder: string;
    })
  | (EvidenceBase & {
      kind: 'suffix';
      /** The suffix as the file spells it, e.g. `controller`. */
      suffix: string;
      extension: string;
    })
  | (EvidenceBase & { kind: 'entry'; file: string });

/**
 * The role of one source file in a family: a strong folder word first, then an
 * entry-file name (`main.ts`), then a file-name suffix, then a weak folder word
 * (a suffix of the folder's own role leaves the folder's name: `commands/x.handler.ts`
 * stays in commands). Among folder words of one strength the deepest wins
 * (`application/ports/x.ts` is a port). Folders in `silent` are never read as words.
 */
export function classifyFile(family: Family, file: string, silent: ReadonlySet<string>): Evidence | undefined {
  const parts = file.split('/');
  const dirs = parts.slice(0, -1);
  const name = parts[parts.length - 1] ?? '';
  const lowered = dirs.map((dir, index) => (silent.has(dirs.slice(0, index + 1).join('/')) ? '\0' : normaliseWord(dir)));
  const folderEvidence = (found: FolderWord, kind: 'strong' | 'weak'): Evidence => {
    // A ring (`interface-adapters`) is named by its sub-folder, which also says the side: `gateways` is the output side.
    const inner = found.role.containers?.includes(found.word) ? deeperWordOfRing(family, lowered, found) : undefined;
    const named = inner ?? found;
    const folder = dirs.slice(0, named.end + 1).join('/');
    return { kind, role: named.role, word: named.word, label: labelOf(named.role, dirs, named), folder };
  };
  const shared = sharedCode(family, dirs, lowered);
  if (shared?.library) return shared.evidence;
  const strong = deepestFolderWord(family, lowered, 'strong');
  if (strong) return folderEvidence(strong, 'strong');
  if (shared) return shared.evidence;
  const stem = name.replace(/\.[cm]?tsx?$/, '');
  // An index directly in the source root starts the app (`src/index.ts`); elsewhere it is a folder's entry.
  const atRoot = lowered.every((word) => word === '\0');
  const weak = deepestFolderWord(family, lowered, 'weak');
  const suffix = suffixOf(name);
  // `MoocBackendApp.ts`, `api-server.ts`: an app named by its product, outside any folder or suffix of a layer.
  const namedApp = !weak && !suffix && isNamedAppEntry(stem);
  const entry = family.roles.find(
    (role) => role.entryFiles?.includes(stem) || ((namedApp || (atRoot && stem === 'index')) && role.entryFiles),
  );
  if (entry) return { kind: 'entry', role: entry, label: entry.role, file };
  const wanted = suffix && normaliseWord(suffix.suffix);
  const bySuffix = suffix && family.roles.find((role) => role.suffixes.some((word) => normaliseWord(word) === wanted));
  if (suffix && bySuffix && bySuffix !== weak?.role) {
    return { kind: 'suffix', role: bySuffix, label: bySuffix.names?.[suffix.suffix] ?? camelCase(plural(suffix.suffix)), ...suffix };
  }
  if (weak) return folderEvidence(weak, 'weak');
  return undefined;
}

/** Last words of a file that starts an application under its own name (`MoocBackendApp`, `admin-server`). */
const APP_ENTRY_WORDS = ['app', 'server'];

function isNamedAppEntry(stem: string): boolean {
  const words = stem.split(/[-_.]+|(?<=[a-z0-9])(?=[A-Z])/).filter((word) => word !== '');
  return words.length > 1 && APP_ENTRY_WORDS.includes((words[words.length - 1] as string).toLowerCase());
}

/**
 * Shared code: inside `libs/<name>` everything is the libraries layer (or the kernel `<name>` names, `libs/ddd`),
 * whatever words its folders use; in a `shared`/`common` folder, a file is the kernel unless a layer folder says more.
 */
function sharedCode(
  family: Family,
  dirs: readonly string[],
  lowered: readonly string[],
): { library: boolean; evidence: Evidence } | undefined {
  const kernelRole = family.roles.find((role) => role.role === 'kernel');
  const libraryRole = family.roles.find((role) => role.role === 'library');
  if (!kernelRole || !libraryRole) return undefined;
  const kernels = SHARED_KERNEL_WORDS.map(normaliseWord);
  const library = lowered.findIndex((word) => LIBRARY_WORDS.includes(word));
  if (library >= 0) {
    const inner = lowered[library + 1];
    const isKernel = inner !== undefined && library + 1 < dirs.length && kernels.includes(inner);
    // A database library (`libs/db`) is where a repository base or unit of work lives: a layer apart from the
    // other libraries, so that owning transactions does not spread to them.
    const isDatabase = inner !== undefined && library + 1 < dirs.length && DATABASE_LIBRARY_WORDS.includes(inner);
    const end = isKernel || isDatabase ? library + 1 : library;
    const role = isKernel ? kernelRole : libraryRole;
    const folder = dirs.slice(0, end + 1).join('/');
    const label = camelCase(dirs[end] as string);
    return { library: true, evidence: { kind: 'strong', role, word: lowered[end] as string, label, folder } };
  }
  const kernel = lowered.findIndex((word) => kernels.includes(word));
  if (kernel < 0) return undefined;
  const folder = dirs.slice(0, kernel + 1).join('/');
  const label = camelCase(dirs[kernel] as string);
  return { library: false, evidence: { kind: 'strong', role: kernelRole, word: lowered[kernel] as string, label, folder } };
}

interface FolderWord {
  role: RoleWords;
  word: string;
  /** Index of the word's last folder segment. */
  end: number;
}

function deepestFolderWord(family: Family, lowered: readonly string[], strength: 'strong' | 'weak'): FolderWord | undefined {
  let best: FolderWord | undefined;
  for (const role of family.roles) {
    for (const word of role[strength]) {
      const end = lastMatch(lowered, word);
      // Deeper wins; at equal depth the earlier role.
      if (end !== undefined && (!best || end > best.end)) best = { role, word, end };
    }
  }
  return best;
}

/** The deepest word below a ring's own folder of a role that shares the ring (the ring's own role first). */
function deeperWordOfRing(family: Family, lowered: readonly string[], ring: FolderWord): FolderWord | undefined {
  const roles = [ring.role, ...family.roles.filter((role) => role !== ring.role && role.containers?.includes(ring.word))];
  let best: FolderWord | undefined;
  for (const role of roles) {
    for (const word of [...role.strong, ...role.weak]) {
      const end = lastMatch(lowered, word);
      if (end !== undefined && end > ring.end && (!best || end > best.end)) best = { role, word, end };
    }
  }
  return best;
}

/** Index of the last folder segment where a (one or two segment) word ends, deepest match. */
function lastMatch(lowered: readonly string[], word: string): number | undefined {
  const wanted = word.split('/').map(normaliseWord);
  for (let end = lowered.length - 1; end >= wanted.length - 1; end--) {
    if (wanted.every((segment, index) => lowered[end - wanted.length + 1 + index] === segment)) return end;
  }
  return undefined;
}

/** A folder word's layer name: the role's name for it if any (`adapters/in` -> inbound), else the folder as spelled. */
function labelOf(role: RoleWords, dirs: readonly string[], found: FolderWord): string {
  const named = role.names?.[found.word];
  return named ?? camelCase(dirs[found.end] ?? found.word);
}

/** `use-cases` -> `useCases`, `Domain` -> `domain`: a valid layer name in the project's words. */
export function camelCase(word: string): string {
  const parts = word.split(/[-_\s.]+/).filter((part) => part !== '');
  const joined = parts.map((part, index) => (index === 0 ? part.charAt(0).toLowerCase() : part.charAt(0).toUpperCase()) + part.slice(1));
  const name = joined.join('').replace(/[^\w-]/g, '');
  return /^[A-Za-z]/.test(name) ? name : `layer${name}`;
}

/** `controller` -> `controllers`, `repository` -> `repositories`: suffix layers hold many files. */
function plural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return word.endsWith('s') ? word : `${word}s`;
}

/** `create-user.http.controller.ts` -> { suffix: 'controller', extension: 'ts' }; a plain `user.ts` has none. */
export function suffixOf(name: string): { suffix: string; extension: string } | undefined {
  const extension = path.posix.extname(name).slice(1);
  const parts = name.slice(0, name.length - extension.length - 1).split('.');
  if (parts.length < 2) return undefined;
  return { suffix: parts[parts.length - 1] as string, extension };
}
