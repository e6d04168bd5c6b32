/**
 * The names of the clock kinds: what a clock counts and what stops it. Each has its module in
 * this folder and its entry in `registry.ts`, which fails to compile while one is missing.
 */
export const CLOCK_KIND_NAMES = ["response", "update", "mitigation", "resolution", "feedback"] as const;

export type ClockKind = (typeof CLOCK_KIND_NAMES)[number];
