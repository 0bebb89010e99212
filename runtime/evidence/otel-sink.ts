import { OptionalDependencyMissingError, RuntimeConfigurationError } from '../errors.js';
import type { EvidenceEvent, EvidenceSink } from './event.js';

type AttributeValue = string | number | boolean | string[];

/** The slice of `@opentelemetry/api` the sink uses (structural, so the runtime does not depend on it). */
export interface OtelSpanLike {
  addEvent(name: string, attributes?: Record<string, AttributeValue>): unknown;
  end(): void;
}
export interface OtelApiLike {
  trace: {
    getActiveSpan(): OtelSpanLike | undefined;
    getTracer(name: string, version?: string): { startSpan(name: string): OtelSpanLike };
  };
}

export interface OpenTelemetrySinkOptions {
  /** Tracer name for the spans started when no span is active (default `plumbline`). */
  tracerName?: string;
  /** No active span: start and end a short span for the event (`span`, default) or drop the event (`drop`). */
  whenNoActiveSpan?: 'span' | 'drop';
  /** How to obtain the API; defaults to a dynamic import of `@opentelemetry/api`. Tests inject a fake. */
  load?: () => Promise<unknown>;
}

const PACKAGE = '@opentelemetry/api';

/**
 * Records each event as a span event (`plumbline.evidence`) on the active span.
 * `@opentelemetry/api` is an optional peer dependency: it is imported on demand,
 * and a missing package is an OptionalDependencyMissingError, never a crash at import time.
 */
export async function openTelemetrySink(options: OpenTelemetrySinkOptions = {}): Promise<EvidenceSink> {
  // A variable specifier keeps TypeScript and bundlers from requiring the package at build time.
  const specifier: string = PACKAGE;
  const load = options.load ?? (() => import(specifier));
  let api: unknown;
  try {
    api = await load();
  } catch (error) {
    throw new OptionalDependencyMissingError(PACKAGE, 'the OpenTelemetry evidence sink', error);
  }
  const otel = unwrapDefault(api);
  if (!otel) {
    throw new RuntimeConfigurationError('openTelemetrySink', [
      { path: 'load', message: `the loaded module does not look like ${PACKAGE} (no trace.getActiveSpan / trace.getTracer)` },
    ]);
  }
  const tracer = otel.trace.getTracer(options.tracerName ?? 'plumbline');
  const dropWithoutSpan = options.whenNoActiveSpan === 'drop';
  return {
    record(event) {
      const attributes = spanEventAttributes(event);
      const active = otel.trace.getActiveSpan();
      if (active) {
        active.addEvent('plumbline.evidence', attributes);
        return;
      }
      if (dropWithoutSpan) return;
      const span = tracer.startSpan(`plumbline ${event.operationId}`);
      span.addEvent('plumbline.evidence', attributes);
      span.end();
    },
  };
}

/** Flat `plumbline.*` attributes, since span-event attributes cannot nest. */
export function spanEventAttributes(event: EvidenceEvent): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(event)) {
    if (value === undefined) continue;
    if (key === 'diff') {
      const diff = value as { paths: string[]; truncated: boolean };
      attributes['plumbline.diff.paths'] = diff.paths;
      attributes['plumbline.diff.truncated'] = diff.truncated;
    } else if (key === 'labels') {
      for (const [label, text] of Object.entries(value as Record<string, string>)) attributes[`plumbline.label.${label}`] = text;
    } else {
      attributes[`plumbline.${key}`] = value as string | number;
    }
  }
  return attributes;
}

function unwrapDefault(module: unknown): OtelApiLike | undefined {
  for (const candidate of [module, (module as { default?: unknown } | null)?.default]) {
    const trace = (candidate as { trace?: Partial<OtelApiLike['trace']> } | null | undefined)?.trace;
    if (typeof trace?.getActiveSpan === 'function' && typeof trace.getTracer === 'function') return candidate as OtelApiLike;
  }
  return undefined;
}
