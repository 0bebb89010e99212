import picomatch from 'picomatch';

/** How Plumbline reads every project glob: picomatch syntax, dotfiles matched like any file. */
export const GLOB_OPTIONS = { dot: true } as const;

/**
 * A test for project-relative paths against one or more globs, as picomatch reads them, except
 * that a line break in a file name is matched like any other character: picomatch's `.` stops
 * at `\n`, which would leave `src/engines/a\nb.ts` in no layer. With `basename`, a path also
 * matches when its last segment does (picomatch's own rule for that option).
 */
export function globMatcher(patterns: string | readonly string[], options: { basename?: boolean } = {}): (path: string) => boolean {
  const regexes = [patterns].flat().map((pattern) => {
    const regex = picomatch.makeRe(pattern, GLOB_OPTIONS);
    return new RegExp(regex.source, `${regex.flags.replace('s', '')}s`);
  });
  return (path) => {
    if (regexes.some((regex) => regex.test(path))) return true;
    if (!options.basename) return false;
    const base = path.slice(path.lastIndexOf('/') + 1);
    return regexes.some((regex) => regex.test(base));
  };
}
