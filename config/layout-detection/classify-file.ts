import path from 'node:path';
import { normaliseWord, type Family, type RoleWords } from './vocabulary.js';

/** Why a file was given a role: the folder word (with where it ends in the path) or the file-name suffix. */
export type Evidence =
  | {
      kind: 'strong' | 'weak';
      role: RoleWords;
      word: string;
      /** Path of the folder the word names, e.g. `src/modules/user/domain`. */
      folder: string;
    }
  | {
      kind: 'suffix';
      role: RoleWords;
      word: string;
      /** The suffix as the file spells it, e.g. `controller`. */
      suffix: string;
      extension: string;
    };

/**
 * The role of one source file in a family: a strong folder word first, then a
 * file-name suffix, then a weak folder word. Among folder words of one strength
 * the deepest wins (`application/ports/x.ts` is a port). Folders in `silent` are
 * never read as words (`src`, `packages`, a package's own `src`).
 */
export function classifyFile(family: Family, file: string, silent: ReadonlySet<string>): Evidence | undefined {
  const parts = file.split('/');
  const dirs = parts.slice(0, -1);
  const lowered = dirs.map((dir, index) => (silent.has(dirs.slice(0, index + 1).join('/')) ? '\0' : normaliseWord(dir)));
  const folder = (end: number) => dirs.slice(0, end + 1).join('/');
  const strong = deepestFolderWord(family, lowered, 'strong');
  if (strong) return { kind: 'strong', role: strong.role, word: strong.word, folder: folder(strong.end) };
  const suffix = suffixOf(parts[parts.length - 1] ?? '');
  if (suffix) {
    const role = family.roles.find((candidate) => candidate.suffixes.some((word) => normaliseWord(word) === normaliseWord(suffix.suffix)));
    if (role) return { kind: 'suffix', role, word: suffix.suffix, ...suffix };
  }
  const weak = deepestFolderWord(family, lowered, 'weak');
  if (weak) return { kind: 'weak', role: weak.role, word: weak.word, folder: folder(weak.end) };
  return undefined;
}

function deepestFolderWord(family: Family, lowered: readonly string[], strength: 'strong' | 'weak') {
  let best: { role: RoleWords; word: string; end: number } | undefined;
  for (const role of family.roles) {
    for (const word of role[strength]) {
      const wanted = word.split('/').map(normaliseWord);
      for (let end = wanted.length - 1; end < lowered.length; end++) {
        const matches = wanted.every((segment, index) => lowered[end - wanted.length + 1 + index] === segment);
        // Deeper wins; at equal depth the longer word (adapters/in over in) and then the earlier role.
        if (matches && (!best || end > best.end)) best = { role, word, end };
      }
    }
  }
  return best;
}

/** `create-user.http.controller.ts` -> { suffix: 'controller', extension: 'ts' }; a plain `user.ts` has none. */
export function suffixOf(name: string): { suffix: string; extension: string } | undefined {
  const extension = path.posix.extname(name).slice(1);
  const parts = name.slice(0, name.length - extension.length - 1).split('.');
  if (parts.length < 2) return undefined;
  return { suffix: parts[parts.length - 1] as string, extension };
}
