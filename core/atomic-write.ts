import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes a file through a temporary name and a rename, so a killed process
 * leaves the previous file whole instead of a truncated one.
 */
export function writeFileAtomic(target: string, data: string): void {
  const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temp, data, { flush: true });
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
