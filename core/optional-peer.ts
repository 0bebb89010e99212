import { createRequire } from 'node:module';

/**
 * A package that only some gates or commands need (an optional peer dependency of
 * the tool) is not installed. The CLI prints the message and exits 2: it is a
 * problem with the setup, not a verdict on the code.
 */
export class MissingPeerError extends Error {
  override name = 'MissingPeerError';
  constructor(
    readonly packageNames: readonly string[],
    readonly neededFor: string,
    options?: ErrorOptions,
  ) {
    super(`${neededFor} needs ${packageNames.join(' and ')}, not installed: npm install --save-dev ${packageNames.join(' ')}`, options);
  }
}

/** How a package is loaded; tests pass a stub that throws as Node does for a missing package. */
export type PeerLoader = (packageName: string) => unknown;

// Resolved from where the tool is installed: in a user's project, its node_modules.
const requireFromTool: PeerLoader = createRequire(import.meta.url);

/**
 * Loads a CommonJS optional peer (better-sqlite3, pg) on first use, never at import
 * time; a missing one is a MissingPeerError naming it. Any other failure (a broken
 * native build, say) is rethrown as it is: that is not a missing package.
 */
export function requireOptionalPeer(packageName: string, neededFor: string, load: PeerLoader = requireFromTool): unknown {
  try {
    return load(packageName);
  } catch (error) {
    if (isMissingPackage(error, packageName)) throw new MissingPeerError([packageName], neededFor, { cause: error });
    throw error;
  }
}

/** True for Node's "cannot find module" error about this package itself, not about one of its own imports. */
export function isMissingPackage(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return false;
  const message = String((error as { message?: unknown }).message);
  return message.includes(`'${packageName}'`) || message.includes(`'${packageName}/`);
}
