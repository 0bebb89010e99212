/**
 * Plumbline's folder holds evidence and caches (never committed) and the baselines
 * (committed: docs/baseline.md). `.plumbline/*` rather than `.plumbline/`, so the
 * two exceptions can take effect (git cannot re-include a file of an ignored folder).
 */
export const IGNORE_BLOCK = [
  '# Plumbline: evidence and caches; the baselines are committed',
  '.plumbline/*',
  '!.plumbline/baseline.json',
  '!.plumbline/baselines/',
];

/**
 * The .gitignore text with Plumbline's block added, or undefined when `.plumbline`
 * is already ignored (any spelling of the folder). Keeps the file's line endings.
 */
export function withPlumblineIgnored(text: string | undefined): string | undefined {
  if (text === undefined) return `${IGNORE_BLOCK.join('\n')}\n`;
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  if (lines.some((line) => /^\/?\.plumbline(\/(\*\*?)?)?$/.test(line))) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const separator = text === '' || text.endsWith('\n') ? '' : eol;
  return `${text}${separator}${IGNORE_BLOCK.join(eol)}${eol}`;
}
