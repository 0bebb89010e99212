/**
 * What an interrupted run (Ctrl-C, SIGTERM, a closed terminal) must do before it ends: stop
 * every child process group and wait for it, discard partial outputs, remove temporary
 * folders. Parts register a cleanup while they hold such a resource; the CLI installs the
 * handlers, which run the cleanups newest first and exit 128 + the signal number.
 */

type Cleanup = () => void | Promise<void>;

const EXIT_CODES: Record<'SIGHUP' | 'SIGINT' | 'SIGTERM', number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

const cleanups: Cleanup[] = [];
// Taken when this module loads (from the CLI, before any user code runs): a gate's
// interception of process.exit must not catch the exit that ends an interrupted run.
const exitProcess = process.exit.bind(process);
let installed = false;
let interrupted = false;

/** Runs `cleanup` if the run is interrupted before the returned function is called. */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.push(cleanup);
  return () => {
    const index = cleanups.lastIndexOf(cleanup);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

/** Installs the SIGINT, SIGTERM and SIGHUP handlers once (the CLI does, for every command). */
export function installInterruptHandlers(): void {
  if (installed) return;
  installed = true;
  for (const signal of Object.keys(EXIT_CODES) as Array<keyof typeof EXIT_CODES>) {
    process.on(signal, () => void interrupt(signal));
  }
}

async function interrupt(signal: keyof typeof EXIT_CODES): Promise<void> {
  if (interrupted) return;
  interrupted = true;
  process.stderr.write(`plumbline: interrupted (${signal}): stopping child processes and removing partial outputs\n`);
  // Newest first: a run's processes stop before the outputs they were writing are removed.
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch {
      // One failed cleanup must not keep the others from running.
    }
  }
  exitProcess(EXIT_CODES[signal]);
}
