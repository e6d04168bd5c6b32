/**
 * Durations (`15m`, `4h`, `1d`, `3bd`, `1h30m`) and percentages (`75%`) as written in rule files.
 */

/** A parsed duration: wall/business milliseconds plus whole business days, kept apart because a
 * business day's length depends on the calendar it is counted in. */
export interface Duration {
  /** The text as written, for messages. */
  text: string;
  ms: number;
  businessDays: number;
}

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

const DURATION_RE = /^(?:\d+(?:\.\d+)?(?:bd|w|d|h|m|s))+$/;
const PART_RE = /(\d+(?:\.\d+)?)(bd|w|d|h|m|s)/g;

/** Is this text a duration we understand? */
export function isDurationText(text: string): boolean {
  return DURATION_RE.test(text.trim());
}

/** Parse a duration; returns undefined when the text is not one (the schema reports it). */
export function parseDuration(text: string): Duration | undefined {
  const trimmed = text.trim();
  if (!DURATION_RE.test(trimmed)) return undefined;
  let ms = 0;
  let businessDays = 0;
  for (const match of trimmed.matchAll(PART_RE)) {
    const value = Number(match[1]);
    const unit = match[2] as string;
    if (unit === "bd") businessDays += value;
    else ms += value * (UNIT_MS[unit] as number);
  }
  return { text: trimmed, ms: Math.round(ms), businessDays };
}

/** The working time of a calendar, as far as a duration outside a clock target needs it. */
export interface BusinessDays {
  /** Business ms of one standard working day. */
  readonly dayMs: number;
  /** The first instant with `ms` business ms counted from `start`. */
  add(start: number, ms: number): number;
}

/**
 * The instant `d` after `start` for durations outside clock targets (`age`, `idle`, escalation
 * `after`, root-cause `within`): the `bd` part is whole working days counted on `calendar`, the
 * other units are wall time, added after the working days. Without `bd` this is `start + d.ms`,
 * whatever the calendar.
 */
export function instantAfter(start: number, d: Duration, calendar: BusinessDays): number {
  if (d.businessDays === 0) return start + d.ms;
  return calendar.add(start, Math.round(d.businessDays * calendar.dayMs)) + d.ms;
}

/** How a duration is shown: on a calendar with shorter working days than 24 h, in its business days. */
export interface DurationDisplay {
  /** Business ms of one working day of the calendar the time was counted on (24 h on 24x7). */
  readonly dayMs: number;
  /** The language of the words (`business days`, `个工作日`); English when absent. */
  readonly locale?: "en" | "zh" | undefined;
}

const DAY_MS = 86_400_000;

/**
 * Format milliseconds as a short human duration: `1h 05m`, `3d 2h`, `45s`. With `on` a business
 * calendar (working days shorter than 24 h), the time is business time and is shown as a lead
 * reads it — `2 business days 3 h`, `5 h 20 min` — never as 24-hour days: 33 business hours on a
 * 9-hour day are 3 business days and 6 hours, not `1d 9h`.
 */
export function formatDuration(ms: number, on?: DurationDisplay): string {
  if (on !== undefined && on.dayMs > 0 && on.dayMs < DAY_MS) return formatBusinessDuration(ms, on.dayMs, on.locale ?? "en");
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(Math.round(ms / 1000));
  const d = Math.floor(rest / 86_400);
  rest -= d * 86_400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  if (d > 0) return `${sign}${d}d ${h}h${m > 0 ? ` ${String(m).padStart(2, "0")}m` : ""}`;
  if (h > 0) return `${sign}${h}h ${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${sign}${m}m`;
  return `${sign}${s}s`;
}

/** Whole business days, then hours and minutes of the rest; seconds only under a minute. */
function formatBusinessDuration(ms: number, dayMs: number, locale: "en" | "zh"): string {
  const sign = ms < 0 ? "-" : "";
  const total = Math.abs(Math.round(ms / 1000)) * 1000;
  const days = Math.floor(total / dayMs);
  let rest = Math.round((total - days * dayMs) / 1000);
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  const zh = locale === "zh";
  const parts: string[] = [];
  if (days > 0) parts.push(zh ? `${days} 个工作日` : `${days} business day${days === 1 ? "" : "s"}`);
  if (h > 0) parts.push(zh ? `${h} 小时` : `${h} h`);
  if (m > 0) parts.push(zh ? `${m} 分钟` : `${m} min`);
  if (parts.length === 0) parts.push(zh ? `${s} 秒` : `${s} s`);
  return `${sign}${parts.join(" ")}`;
}

const PERCENT_RE = /^(\d+(?:\.\d+)?)%$/;

/** Parse `75%` into 0.75. */
export function parsePercent(text: string): number | undefined {
  const match = PERCENT_RE.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) / 100;
}
