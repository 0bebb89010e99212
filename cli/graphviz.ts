import { spawn } from 'node:child_process';

/** The Graphviz `dot` binary: `GRAPHVIZ_DOT` when set (as PlantUML reads it), else `dot` on PATH. */
export function graphvizBinary(): string {
  return process.env.GRAPHVIZ_DOT || 'dot';
}

/**
 * Renders DOT source to SVG with Graphviz, run directly (argument array, no
 * shell). Resolves undefined when the binary is not installed; rejects when
 * it runs and fails.
 */
export function renderSvgWithGraphviz(dot: string, binary = graphvizBinary()): Promise<string | undefined> {
  return new Promise((resolveOnce, rejectOnce) => {
    // A failed spawn emits 'error' and may emit 'close' too: settle on the first.
    let settled = false;
    const resolve = (value: string | undefined) => {
      if (!settled) resolveOnce(value);
      settled = true;
    };
    const reject = (error: Error) => {
      if (!settled) rejectOnce(error);
      settled = true;
    };
    const child = spawn(binary, ['-Tsvg'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EACCES') resolve(undefined);
      else reject(error);
    });
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(stdout).toString('utf8'));
      else reject(new Error(`${binary} -Tsvg exited with ${code ?? 'a signal'}: ${Buffer.concat(stderr).toString('utf8').trim()}`));
    });
    // A missing binary fails the write too; the 'error' event above reports it.
    child.stdin.on('error', () => undefined);
    child.stdin.end(dot);
  });
}
