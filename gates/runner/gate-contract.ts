import type { GateOutcome } from '../../core/contracts.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import type { Mode } from '../../config/schema.js';

export interface GateContext {
  config: ResolvedConfig;
  /** The run's mode (`--strict`/`--monitor` over the config's); absent: the config's mode. */
  mode?: Mode;
  /** Aborted when the gate times out or the run is interrupted; long work should check it. */
  signal: AbortSignal;
  /** Absolute folder where this gate may write its own artifacts. */
  artifactDir: string;
  /** One line of progress ("static: 200/1200 files"); the runner decides where it goes. */
  progress(message: string): void;
}

/** A gate of the pack. `run` returns findings; the runner turns them into a status. */
export interface Gate {
  id: string;
  title: string;
  /** One sentence: what the gate checks. */
  description: string;
  run(ctx: GateContext): Promise<GateOutcome>;
}
