/**
 * Is a function linear in its input's length? It is timed on a 1 KB input, then on inputs 4×
 * larger each time up to 1 MB. At each size the time per kilobyte may be at most `LIMIT` times
 * that of 1 KB, and once a size takes long enough to time well, the next may take at most
 * `STEP_LIMIT` × 4 times as long. Each figure is the best of several runs, the 1 KB time taken
 * again right before each (a busy machine only ever adds time, and slows both alike), and the
 * ladder stops at the first size over the bound, so polynomial code fails at 4–64 KB in seconds
 * instead of running for hours at 1 MB.
 */
import { performance } from "node:perf_hooks";

/**
 * Per-kilobyte slow-down allowed against 1 KB. Linear code stays within a few times (a megabyte
 * no longer fits the processor's caches, and its garbage is collected); quadratic code reaches
 * 64 by 64 KB.
 */
export const LIMIT = 30;
/** Slow-down allowed from one size to the next beyond the 4× of the size: cubic code shows 16×. */
export const STEP_LIMIT = 10;
/** Below this, one size's time is too small to bound the next one by. */
const STEP_FLOOR_MS = 50;
const ATTEMPTS = 7;
export const KB = 1024;
export const SIZES = [4 * KB, 16 * KB, 64 * KB, 256 * KB, 1024 * KB];

/** Time (ms) of one call, from one batch of calls lasting at least `batchMs`. */
function timeOne(run: () => unknown, batchMs: number): number {
  let calls = 0;
  const start = performance.now();
  let elapsed: number;
  do {
    run();
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < batchMs);
  return elapsed / calls;
}

export interface Growth {
  /** ms by size (1 KB included), the best run. */
  times: Map<number, number>;
  /** The worst per-kilobyte slow-down against 1 KB, and the size it was seen at. */
  worst: { size: number; factor: number };
}

/**
 * Time `run(make(size))` for 1 KB up to 1 MB (or `sizes`). `make` builds an input of about
 * `size` code units. Throws (failing the test) with the figures when some size is over the bound.
 */
export function expectLinear(name: string, make: (size: number) => string, run: (input: string) => unknown, sizes: readonly number[] = SIZES): Growth {
  const small = make(KB);
  const runSmall = () => run(small);
  for (let i = 0; i < 3; i++) timeOne(runSmall, 2); // warm up
  const times = new Map<number, number>([[KB, timeOne(runSmall, 5)]]);
  let worst = { size: KB, factor: 1 };
  let previous = times.get(KB) as number;
  for (const size of sizes) {
    const input = make(size);
    const scale = input.length / small.length;
    const stepBound = previous >= STEP_FLOOR_MS ? STEP_LIMIT * 4 * previous : Number.POSITIVE_INFINITY;
    let factor = Number.POSITIVE_INFINITY;
    let best = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < ATTEMPTS && (factor > LIMIT || best > stepBound); attempt++) {
      const base = timeOne(runSmall, 5);
      const time = timeOne(() => run(input), 2);
      best = Math.min(best, time);
      factor = Math.min(factor, time / base / scale);
      // Seconds over the bound are no accident of a busy machine (linear code takes milliseconds
      // here): no need to wait for more runs.
      if (time > 1000 && (time / base / scale > LIMIT || time > stepBound)) break;
    }
    times.set(size, best);
    if (factor > worst.factor) worst = { size, factor };
    if (factor > LIMIT || best > stepBound) {
      const figures = [...times].map(([s, t]) => `${s / KB} KB: ${t.toFixed(3)} ms`).join(", ");
      throw new Error(
        `${name}: not linear — ${(input.length / KB).toFixed(0)} KB took ${best.toFixed(1)} ms, ${factor.toFixed(0)}× the per-KB time of 1 KB (at most ${LIMIT}×)${best > stepBound ? `, over ${STEP_LIMIT * 4}× the size before` : ""}; ${figures}`,
      );
    }
    previous = best;
  }
  return { times, worst };
}

/** `fragment` repeated to `size` code units (cut at the end). */
export const repeatTo = (fragment: string, size: number): string => fragment.repeat(Math.ceil(size / fragment.length)).slice(0, size);
