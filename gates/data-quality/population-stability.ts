/**
 * Population stability index between two distributions over the same buckets:
 * sum of (actual - expected) * ln(actual / expected) over bucket shares. 0 means
 * the same shape; < 0.1 is usually read as stable, > 0.25 as a major shift.
 * Empty buckets get a small share so the logarithm stays finite.
 */
export function populationStabilityIndex(expectedCounts: readonly number[], actualCounts: readonly number[]): number {
  const EMPTY = 1e-4;
  const expectedTotal = expectedCounts.reduce((sum, n) => sum + n, 0);
  const actualTotal = actualCounts.reduce((sum, n) => sum + n, 0);
  if (expectedTotal === 0 || actualTotal === 0) return expectedTotal === actualTotal ? 0 : Number.POSITIVE_INFINITY;
  let psi = 0;
  expectedCounts.forEach((count, index) => {
    const e = Math.max(count / expectedTotal, EMPTY);
    const a = Math.max((actualCounts[index] ?? 0) / actualTotal, EMPTY);
    psi += (a - e) * Math.log(a / e);
  });
  return psi;
}
