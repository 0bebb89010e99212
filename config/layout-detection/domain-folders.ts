import path from 'node:path';
import picomatch from 'picomatch';
import { DOMAIN_PARENT_WORDS, normaliseWord, SHARED_KERNEL_WORDS } from './vocabulary.js';

export interface DomainLayout {
  /** Domain globs, one `*` each: `src/modules/*`, `src/Contexts/mooc/*`, `src/spine/operations/*`. */
  globs: string[];
  /** The domain folders found, project-relative (path identity: `src/Contexts/mooc/courses`). */
  roots: string[];
  /** Shared-kernel folders: public to every domain, never a domain (`src/Contexts/Shared`, `src/libs`). */
  sharedKernel: string[];
}

/**
 * Domains from where the layer folders sit: a folder holding two or more layers'
 * folders (`src/modules/user/{domain,commands}`), or any child of a `domains`/
 * `modules`/`contexts` folder holding one, is a domain; its parent becomes the glob.
 * Folders named like a shared kernel are kept apart. Folders elsewhere whose children
 * are named after the domains (`src/spine/operations/<domain>`) belong to them too.
 */
export function detectDomains(
  layerFolders: ReadonlyArray<{ folder: string; word: string; role: string }>,
  dirs: readonly string[],
  silent: ReadonlySet<string>,
): DomainLayout {
  const rolesByRoot = new Map<string, Set<string>>();
  for (const { folder, word, role } of layerFolders) {
    const root = folder.split('/').slice(0, -word.split('/').length).join('/');
    if (root === '' || silent.has(root)) continue;
    rolesByRoot.set(root, (rolesByRoot.get(root) ?? new Set()).add(role));
  }
  const isShared = (folder: string) => SHARED_KERNEL_WORDS.includes(normaliseWord(path.posix.basename(folder)));
  const sharedKernel = new Set<string>();
  const roots: string[] = [];
  for (const [root, roles] of rolesByRoot) {
    const parentWord = normaliseWord(path.posix.basename(path.posix.dirname(root)));
    if (roles.size < 2 && !DOMAIN_PARENT_WORDS.map(normaliseWord).includes(parentWord)) continue;
    if (isShared(root)) sharedKernel.add(root);
    else roots.push(root);
  }
  // A shared kernel without layer folders of its own (`src/libs/ddd`) counts too, unless it lies inside a domain.
  const parents = new Set(roots.map((root) => path.posix.dirname(root)));
  for (const dir of dirs) {
    const insideDomain = roots.some((root) => isWithin(dir, root));
    if (isShared(dir) && !silent.has(dir) && !insideDomain) sharedKernel.add(dir);
  }
  for (const kernel of [...sharedKernel]) {
    if ([...sharedKernel].some((other) => other !== kernel && isWithin(kernel, other))) sharedKernel.delete(kernel);
  }

  const globs = [...parents].sort().map((parent) => `${parent}/*`);
  const names = new Set(roots.map((root) => path.posix.basename(root)));
  if (names.size > 0) {
    for (const dir of dirs) {
      if (parents.has(dir) || globs.some((glob) => picomatch(`${glob}/**`)(dir) || picomatch(glob)(dir))) continue;
      const children = dirs.filter((candidate) => path.posix.dirname(candidate) === dir).map((child) => path.posix.basename(child));
      const named = children.filter((child) => names.has(child)).length;
      // One domain is enough: a single-domain project's operations are still owned by it.
      if (named >= 1 && named * 2 >= children.length) globs.push(`${dir}/*`);
    }
  }
  return { globs, roots: roots.sort(), sharedKernel: [...sharedKernel].sort() };
}

function isWithin(folder: string, parent: string): boolean {
  return parent === '.' || parent === '' || folder === parent || folder.startsWith(`${parent}/`);
}
