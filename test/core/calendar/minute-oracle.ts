/**
 * The reference the calendar is checked against: for every minute, ask Intl for the local date
 * and time and look the calendar up. Slow and obviously right. Not a test file.
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** A calendar as plain data: minutes after local midnight per weekday (0 = Monday). */
export interface OracleCalendar {
  timezone: string;
  /** Per weekday, [startMinute, endMinute) pairs. */
  week: [number, number][][];
  /** Day numbers (days since 1970-01-01) of holidays and make-up working days. */
  holidays: Set<number>;
  workdays: Set<number>;
}

const formats = new Map<string, Intl.DateTimeFormat>();
const locals = new Map<string, Map<number, number>>();

/** Local (day number × 1440 + minute of day) of the minute starting at `minute` × 60 000. */
function localOf(timezone: string, minute: number): number {
  let cache = locals.get(timezone);
  if (cache === undefined) {
    cache = new Map();
    locals.set(timezone, cache);
  }
  const hit = cache.get(minute);
  if (hit !== undefined) return hit;
  let format = formats.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formats.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(minute * MINUTE_MS).map((p) => [p.type, Number(p.value)]));
  const day = Date.UTC(parts.year as number, (parts.month as number) - 1, parts.day) / DAY_MS;
  const local = day * 1440 + (parts.hour as number) * 60 + (parts.minute as number);
  cache.set(minute, local);
  return local;
}

/** Is the minute starting at `minute` × 60 000 working time? */
export function oracleOpenMinute(cal: OracleCalendar, minute: number): boolean {
  const local = localOf(cal.timezone, minute);
  const day = Math.floor(local / 1440);
  const minuteOfDay = local - day * 1440;
  if (cal.holidays.has(day)) return false;
  const standard = cal.week.find((hours) => hours.length > 0) ?? [];
  const weekday = (((day + 3) % 7) + 7) % 7;
  const hours = cal.workdays.has(day) ? standard : (cal.week[weekday] ?? []);
  return hours.some(([s, e]) => minuteOfDay >= s && minuteOfDay < e);
}

/** Business ms in [a, b), minute by minute. */
export function oracleBetween(cal: OracleCalendar, a: number, b: number): number {
  let sum = 0;
  for (let m = Math.floor(a / MINUTE_MS); m * MINUTE_MS < b; m++) {
    if (!oracleOpenMinute(cal, m)) continue;
    sum += Math.min(b, (m + 1) * MINUTE_MS) - Math.max(a, m * MINUTE_MS);
  }
  return sum;
}

/** The first t >= start with oracleBetween(start, t) === ms, or undefined if not before `limit`. */
export function oracleAdd(cal: OracleCalendar, start: number, ms: number, limit: number): number | undefined {
  if (ms <= 0) return start;
  let rest = ms;
  for (let m = Math.floor(start / MINUTE_MS); m * MINUTE_MS < limit; m++) {
    if (!oracleOpenMinute(cal, m)) continue;
    const lo = Math.max(start, m * MINUTE_MS);
    const hi = (m + 1) * MINUTE_MS;
    if (rest <= hi - lo) return lo + rest;
    rest -= hi - lo;
  }
  return undefined;
}
