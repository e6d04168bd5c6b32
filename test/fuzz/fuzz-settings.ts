/**
 * Settings shared by the fuzz suite. Runs are bounded so that CI stays fast, and seeded so that
 * a failure reproduces: fast-check prints the seed and the shrunk counterexample. For a longer
 * search, `FUZZ_RUNS=10 npx vitest run test/fuzz` multiplies every run count by 10 and
 * `FUZZ_SEED=random` (or a number) changes the seed.
 */
import fc from "fast-check";

const factor = Number(process.env.FUZZ_RUNS ?? "1");
const seedText = process.env.FUZZ_SEED;

/** The number of runs for a property: `base` in CI, times FUZZ_RUNS when set. */
export const runs = (base: number): number => Math.max(1, Math.round(base * (Number.isFinite(factor) && factor > 0 ? factor : 1)));

/** A test's time limit: `baseMs` for the CI run count, scaled with FUZZ_RUNS, plus time to shrink a failure. */
export const fuzzTimeout = (baseMs: number): number => 30_000 + runs(baseMs);

/** fast-check parameters: a fixed seed per property unless FUZZ_SEED says otherwise. */
export function fuzzParameters<T>(base: number, seed: number): fc.Parameters<T> {
  const chosen = seedText === undefined ? seed : seedText === "random" ? undefined : Number(seedText);
  return { numRuns: runs(base), ...(chosen === undefined ? {} : { seed: chosen }), endOnFailure: false, verbose: 1 };
}
