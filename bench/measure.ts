/** Runs each variant `rounds` times, interleaved so drift hits both alike; returns medians in ms. */
export async function measureInterleaved(
  variants: Record<string, () => Promise<unknown>>,
  rounds: number,
  onRound?: (round: number) => void,
): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    onRound?.(round + 1);
    for (const [name, run] of Object.entries(variants)) {
      const start = performance.now();
      await run();
      samples[name]!.push(performance.now() - start);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
