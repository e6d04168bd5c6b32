/**
 * Is a function linear in its input's length? It is timed on a 1 KB input, then on inputs 4×
 * larger each time up to 1 MB; at each size the time, per kilobyte, may be at most `LIMIT` times
 * that of 1 KB. The fastest of a few runs counts (a busy machine only ever adds time), and the
 * ladder stops at the first size over the bound, so quadratic code fails in seconds at 4–16 KB
 * instead of running for hours at 1 MB.
 */
import { performance } from "node:perf_hooks";

/** Per-kilobyte slow-down allowed at any size: linear code stays near 1, quadratic reaches 16 by 16 KB. */
export const LIMIT = 10;
export const KB = 1024;
export const SIZES = [4 * KB, 16 * KB, 64 * KB, 256 * KB, 1024 * KB];

/** Fastest time (ms) of one call, from batches of calls lasting at least `batchMs`. */
function fastest(run: () => unknown, batches: number, batchMs: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let b = 0; b < batches; b++) {
    let calls = 0;
    const start = performance.now();
    let elapsed: number;
    do {
      run();
      calls++;
      elapsed = performance.now() - start;
    } while (elapsed < batchMs);
    best = Math.min(best, elapsed / calls);
  }
  return best;
}

export interface Growth {
  /** ms for 1 KB. */
  base: number;
  /** ms by size, as measured (the fastest run). */
  times: Map<number, number>;
  /** The worst per-kilobyte slow-down against 1 KB, and the size it was seen at. */
  worst: { size: number; factor: number };
}

/**
 * Time `run(make(size))` for 1 KB up to 1 MB. `make` builds an input of about `size` code units.
 * Throws (failing the test) with the figures when some size is over the bound.
 */
export function expectLinear(name: string, make: (size: number) => string, run: (input: string) => unknown, sizes: readonly number[] = SIZES): Growth {
  const small = make(KB);
  const base = fastest(() => run(small), 5, 5);
  const times = new Map<number, number>();
  let worst = { size: KB, factor: 1 };
  for (const size of sizes) {
    const input = make(size);
    const bound = LIMIT * base * (input.length / small.length);
    let best = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 3 && best > bound; attempt++) {
      const start = performance.now();
      run(input);
      best = Math.min(best, performance.now() - start);
      // Far over the bound is no accident of a busy machine: no need to wait for more runs.
      if (best > 20 * bound) break;
    }
    times.set(size, best);
    const factor = best / base / (input.length / small.length);
    if (factor > worst.factor) worst = { size, factor };
    if (best > bound) {
      const figures = [...times].map(([s, t]) => `${s / KB} KB: ${t.toFixed(2)} ms`).join(", ");
      throw new Error(
        `${name}: not linear — ${(input.length / KB).toFixed(0)} KB took ${best.toFixed(1)} ms, over ${LIMIT}× the per-KB time of 1 KB (${base.toFixed(4)} ms); ${figures}`,
      );
    }
  }
  return { base, times, worst };
}

/** `fragment` repeated to `size` code units (cut at the end). */
export const repeatTo = (fragment: string, size: number): string => fragment.repeat(Math.ceil(size / fragment.length)).slice(0, size);
