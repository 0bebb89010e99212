import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A replay that cannot start: no git repository, a ref that names no commit, a checkout or install that failed. */
export class ReplaySetupError extends Error {
  override name = 'ReplaySetupError';
}

/** Runs git with an argument array (never a shell); a failure carries git's own message. */
export async function git(args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('git', [...args], { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    return stdout;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new ReplaySetupError('git is not installed (or not on PATH): replay checks refs out with git');
    const detail = (failure.stderr ?? failure.message).trim().split('\n')[0] ?? '';
    throw new ReplaySetupError(`git ${args[0]} failed: ${detail}`);
  }
}

export interface Repository {
  /** Absolute top level of the work tree. */
  readonly top: string;
  /** The project root relative to the top level, forward slashes, '' at the top ('fixtures/app'). */
  readonly prefix: string;
}

/** The git work tree holding `root`; a folder outside any repository is a setup error (fail closed). */
export async function repositoryOf(root: string): Promise<Repository> {
  let output: string;
  try {
    output = await git(['rev-parse', '--show-toplevel', '--show-prefix'], root);
  } catch (error) {
    throw new ReplaySetupError(
      `${root} is not inside a git repository (${(error as Error).message}); replay checks the baseline out with git`,
    );
  }
  const [top = '', prefix = ''] = output.split('\n');
  return { top: top.trim(), prefix: prefix.trim().replace(/\/$/, '') };
}

/** A ref as the user wrote it: an option-looking ref is refused before git sees it. */
export function checkRefSyntax(ref: string, what: string): void {
  if (ref.trim() === '' || ref.startsWith('-') || /[\0\n\r]/.test(ref)) {
    throw new ReplaySetupError(`${what} '${ref}' is not a valid git ref (it must not be empty, start with '-' or hold control characters)`);
  }
}

/** The commit a ref names (`git rev-parse --verify --end-of-options <ref>^{commit}`). */
export async function resolveCommit(repository: Repository, ref: string, what: string): Promise<string> {
  checkRefSyntax(ref, what);
  try {
    return (await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], repository.top)).trim();
  } catch {
    throw new ReplaySetupError(`${what} '${ref}' does not name a commit in ${repository.top}`);
  }
}

/** The default baseline: where HEAD left the main branch (`git merge-base HEAD <main>`). */
export async function mergeBaseWith(repository: Repository, mainBranch: string): Promise<string> {
  const main = await resolveCommit(repository, mainBranch, 'main branch');
  const head = await resolveCommit(repository, 'HEAD', 'HEAD');
  try {
    return (await git(['merge-base', head, main], repository.top)).trim();
  } catch {
    throw new ReplaySetupError(`HEAD and the main branch '${mainBranch}' have no merge base; set gates.replay.baselineRef`);
  }
}
