import path from 'node:path';
import picomatch from 'picomatch';
import { DOMAIN_PARENT_WORDS, NON_DOMAIN_WORDS, normaliseWord, SHARED_KERNEL_WORDS } from './vocabulary.js';

export interface DomainLayout {
  /** Domain globs: `src/modules/*`, `src/spine/operations/*`; one `*` per level for contexts' modules. */
  globs: string[];
  /** The domain folders found, project-relative (path identity: `src/Contexts/mooc/courses`). */
  roots: string[];
  /** Shared-kernel folders, and plumbing the domain globs cover (`src/config`): public to every domain, never a domain. */
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
  const globs = domainGlobs(parents, dirs, sharedKernel);
  // Plumbing beside the domains (`src/config`, `src/database`) is no domain, though the glob `src/*` covers it.
  for (const dir of dirs) {
    const plumbing = NON_DOMAIN_WORDS.includes(normaliseWord(path.posix.basename(dir)));
    if (plumbing && !roots.includes(dir) && globs.some((glob) => picomatch(glob)(dir))) sharedKernel.add(dir);
  }
  for (const kernel of [...sharedKernel]) {
    if ([...sharedKernel].some((other) => other !== kernel && isWithin(kernel, other))) sharedKernel.delete(kernel);
  }

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

/**
 * One glob per folder of domains (`src/modules/*`), but sibling folders of domains (the bounded contexts
 * `src/Contexts/Mooc` and `src/Contexts/Backoffice`) make one glob with a `*` for each level: the domain is
 * named by its path (`Mooc/Courses`), so two modules called Courses in two contexts stay two domains.
 */
function domainGlobs(parents: ReadonlySet<string>, dirs: readonly string[], sharedKernel: ReadonlySet<string>): string[] {
  const byGrandparent = new Map<string, string[]>();
  for (const parent of parents) {
    const grandparent = path.posix.dirname(parent);
    byGrandparent.set(grandparent, [...(byGrandparent.get(grandparent) ?? []), parent]);
  }
  const globs: string[] = [];
  for (const [grandparent, group] of byGrandparent) {
    const children = dirs.filter((dir) => path.posix.dirname(dir) === grandparent);
    // Only when every folder there is a context or the shared kernel: `*` must not make other folders contexts.
    const allContexts = children.every((child) => group.includes(child) || sharedKernel.has(child));
    if (group.length >= 2 && grandparent !== '.' && allContexts) globs.push(`${grandparent}/*/*`);
    else globs.push(...group.map((parent) => `${parent}/*`));
  }
  return globs.sort();
}

function isWithin(folder: string, parent: string): boolean {
  return parent === '.' || parent === '' || folder === parent || folder.startsWith(`${parent}/`);
}
