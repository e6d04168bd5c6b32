/** The few statistics the review shows: shares, means, the median and the 90th percentile. */

/** part / whole, rounded to 4 places; null when whole is 0. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

/** Whole minutes of a duration in ms (rounded down: 4 min 59 s is 4 min). */
export const wholeMinutes = (ms: number): number => Math.floor(ms / 60_000);

/** The median of the values (the mean of the middle two for an even count), rounded down; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : Math.floor(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
}

/** The nearest-rank percentile: the smallest value with at least `p` of the values at or below it; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
}

/** The mean, rounded down to a whole number; null for none. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return Math.floor(sum / values.length);
}
