const ERROR = 1;
const MISMATCH = 2;

/** The last `size` candidate samples, with running error and mismatch counts (O(1) per sample). */
export class SampleWindow {
  readonly #flags: Uint8Array;
  #next = 0;
  #count = 0;
  #errors = 0;
  #mismatches = 0;

  constructor(readonly size: number) {
    this.#flags = new Uint8Array(size);
  }

  add(sample: { error: boolean; mismatch: boolean }): void {
    if (this.#count === this.size) {
      const evicted = this.#flags[this.#next] as number;
      if (evicted & ERROR) this.#errors--;
      if (evicted & MISMATCH) this.#mismatches--;
    } else {
      this.#count++;
    }
    const flags = (sample.error ? ERROR : 0) | (sample.mismatch ? MISMATCH : 0);
    this.#flags[this.#next] = flags;
    if (sample.error) this.#errors++;
    if (sample.mismatch) this.#mismatches++;
    this.#next = (this.#next + 1) % this.size;
  }

  get count(): number {
    return this.#count;
  }
  get errors(): number {
    return this.#errors;
  }
  get mismatches(): number {
    return this.#mismatches;
  }
}
