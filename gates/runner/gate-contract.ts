import type { z } from 'zod';
import type { GateOutcome, RuleDescriptor } from '../../core/contracts.js';
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

/**
 * A gate of the pack. The runner parses `gates.<id>` with `settings` once, decides
 * whether there is anything to check (`unconfigured`, `nothingToCheck`), and only then calls `run`
 * with the parsed settings; `run` returns findings, the runner turns them into a status.
 */
/**
 * What the reports show of a gate beyond evidence.json, read back from one of its JSON
 * artifacts: the file name the gate writes, and how to parse it (fails with the reason).
 */
export interface GateDetails<Detail> {
  artifact: string;
  read(text: string): Detail;
}

export interface Gate<Settings = unknown, Detail = unknown> {
  id: string;
  title: string;
  /** One sentence: what the gate checks. */
  description: string;
  /** The schema of `gates.<id>` (config/gate-settings/<id>.ts); an absent section parses as `{}`. */
  settings: z.ZodType<Settings>;
  /** The gate needs `gates.<id>`: without it there is nothing to check, for this reason. Unset: absent parses as `{}`. */
  unconfigured?: string;
  /** Why the gate has nothing to check under this config (e.g. no `data` section), or undefined to run it. */
  nothingToCheck?(config: ResolvedConfig, settings: Settings): string | undefined;
  /** Every rule the gate's findings may carry (catalog descriptors); an outcome that lists no rules reports these. */
  rules: readonly RuleDescriptor[];
  /** The typed detail the HTML report tabulates from the gate's artifact, when it has one. */
  details?: GateDetails<Detail>;
  run(ctx: GateContext, settings: Settings): Promise<GateOutcome>;
}

/** Any gate, whatever its settings: what the pack, the registry and the docs hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyGate = Gate<any, any>;

/** A gate's settings from the config, parsed once; or why it has nothing to check. */
export function gateSettings<Settings>(gate: Gate<Settings>, config: ResolvedConfig): { settings: Settings } | { notConfigured: string } {
  const raw = (config.gates as Record<string, unknown>)[gate.id];
  if (raw === undefined && gate.unconfigured !== undefined) return { notConfigured: gate.unconfigured };
  // The config was validated when loaded; parsing again fills the defaults of an absent section and
  // fails closed on a hand-built config.
  const parsed = gate.settings.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = ['gates', gate.id, ...(issue?.path ?? [])].map(String).join('.');
    throw new Error(`invalid settings: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  const settings = parsed.data;
  const reason = gate.nothingToCheck?.(config, settings);
  return reason === undefined ? { settings } : { notConfigured: reason };
}

/** Runs one gate outside the pack (tests, single-gate commands): settings parsed as the runner parses them. */
export async function runGateAlone(gate: AnyGate, ctx: GateContext): Promise<GateOutcome> {
  const parsed = gateSettings(gate, ctx.config);
  if ('notConfigured' in parsed) return { findings: [], nothingToCheck: parsed.notConfigured, rules: [...gate.rules] };
  const outcome = await gate.run(ctx, parsed.settings);
  return { ...outcome, rules: outcome.rules ?? [...gate.rules] };
}
