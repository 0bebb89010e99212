import { z } from 'zod';
import type { GateDetails } from '../runner/gate-contract.js';

/** The gate's report artifact: sorted header keys (totals, operations), then the cases, streamed last. */
export const REPLAY_REPORT_JSON = 'report.json';

const count = z.number();

const OperationRowSchema = z.object({
  operation: z.string(),
  cases: count,
  noDrift: count,
  noise: count,
  error: count,
  drift: z.record(z.string(), count),
});

const ReportHeaderSchema = z.object({ operations: z.array(OperationRowSchema) });

/** One operation's row: its cases by outcome, drift by severity. */
export type ReplayOperationRow = z.output<typeof OperationRowSchema>;

export const replayDetails: GateDetails<ReplayOperationRow[]> = {
  artifact: REPLAY_REPORT_JSON,
  read(text) {
    return ReportHeaderSchema.parse(parseReplayHeader(text)).operations.map((row) => ({
      operation: row.operation,
      cases: row.cases,
      noDrift: row.noDrift,
      noise: row.noise,
      error: row.error,
      drift: row.drift,
    }));
  },
};

/** The header alone, so a large report is not parsed whole just for the totals. */
function parseReplayHeader(text: string): unknown {
  const cases = text.indexOf('\n  "cases": [');
  return JSON.parse(cases < 0 ? text : `${text.slice(0, cases).replace(/,\s*$/, '')}\n}`);
}
