/** How the review's numbers read in Markdown and HTML: durations, shares, changes. */

/** Whole business minutes as `45 min`, `3 h`, `30 h 4 min`; `–` for none. */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return "–";
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** A share as `70%`, `66.7%`; `–` for none. */
export function formatShare(value: number | null): string {
  if (value === null) return "–";
  const percent = Math.round(value * 1000) / 10;
  return `${percent}%`;
}

/** `Created 30`, with the previous period's value: ` (prev. 12)`. */
export const withPrevious = (value: string, previous: string): string => `${value} (prev. ${previous})`;

/** The instant as `2026-03-11 10:00 +08:00` is made by the core; the period as `2026-03-01 – 2026-03-31`. */
export const formatPeriod = (period: { from: string; to: string }): string => (period.from === period.to ? period.from : `${period.from} – ${period.to}`);
