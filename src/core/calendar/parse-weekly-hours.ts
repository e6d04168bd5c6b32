/**
 * The `hours` of a calendar: `{mon-fri: 09:00-18:00}`, `{mon: [09:00-12:00, 13:00-18:00]}`,
 * `{daily: 00:00-24:00}`, `{"sat,sun": 10:00-14:00}`.
 */
import type { CalendarProblem } from "./calendar.ts";
import { formatTimeOfDay, WEEKDAYS } from "./describe-week.ts";

/** Working intervals per weekday (0 = Monday), flat `[start, end, …]` in ms after local midnight. */
export interface WeeklyHours {
  week: number[][];
  problems: CalendarProblem[];
}

const MINUTE_MS = 60_000;
const INTERVAL_RE = /^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/;
const WEEKDAY_EXPECTED = "expected a weekday (mon, tue, wed, thu, fri, sat, sun), a range like mon-fri, or daily";
const INTERVAL_EXPECTED = "expected a time interval like 09:00-18:00";

interface Interval {
  start: number;
  end: number;
  text: string;
  path: (string | number)[];
}

/** Parse the `hours` mapping; problems have paths starting with "hours". */
export function parseWeeklyHours(hours: unknown): WeeklyHours {
  const week: number[][] = WEEKDAYS.map(() => []);
  const problems: CalendarProblem[] = [];
  if (typeof hours !== "object" || hours === null || Array.isArray(hours)) {
    problems.push({
      path: ["hours"],
      message: `expected working hours per weekday like {mon-fri: 09:00-18:00}, found ${describeValue(hours)}`,
    });
    return { week, problems };
  }
  const owner: (string | undefined)[] = WEEKDAYS.map(() => undefined);
  for (const [key, value] of Object.entries(hours)) {
    const days = parseWeekdays(key);
    if (days === undefined) {
      problems.push({ path: ["hours", key], message: `${WEEKDAY_EXPECTED}, found ${JSON.stringify(key)}` });
      continue;
    }
    const taken = days.filter((d) => owner[d] !== undefined);
    if (taken.length > 0) {
      const first = owner[taken[0] as number] as string;
      const names = taken.map((d) => WEEKDAYS[d]).join(", ");
      problems.push({
        path: ["hours", key],
        message: `expected each weekday under one key, found ${names} under both ${JSON.stringify(first)} and ${JSON.stringify(key)}`,
      });
      continue;
    }
    for (const d of days) owner[d] = key;
    const intervals = parseIntervals(value, ["hours", key], problems);
    for (const d of days) week[d] = intervals;
  }
  if (problems.length === 0 && week.every((intervals) => intervals.length === 0)) {
    problems.push({ path: ["hours"], message: "expected working hours on at least one weekday, found none" });
  }
  return { week, problems };
}

/** Weekday indexes of a key (`mon`, `mon-fri`, `fri-mon`, `sat,sun`, `daily`), or undefined. */
export function parseWeekdays(key: string): number[] | undefined {
  const days = new Set<number>();
  for (const token of key.toLowerCase().split(",")) {
    const part = token.trim();
    if (part === "daily") {
      for (let d = 0; d < 7; d++) days.add(d);
      continue;
    }
    const [from, to, ...rest] = part.split("-").map((s) => s.trim());
    const first = WEEKDAYS.indexOf(from as (typeof WEEKDAYS)[number]);
    const last = to === undefined ? first : WEEKDAYS.indexOf(to as (typeof WEEKDAYS)[number]);
    if (first < 0 || last < 0 || rest.length > 0) return undefined;
    // A range may wrap around the week: fri-mon is fri, sat, sun, mon.
    for (let d = first; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === last) break;
    }
  }
  return [...days].sort((a, b) => a - b);
}

function parseIntervals(value: unknown, path: (string | number)[], problems: CalendarProblem[]): number[] {
  const items: { text: unknown; path: (string | number)[] }[] = Array.isArray(value)
    ? value.map((text: unknown, i) => ({ text, path: [...path, i] }))
    : [{ text: value, path }];
  const intervals: Interval[] = [];
  for (const item of items) {
    if (typeof item.text !== "string") {
      problems.push({ path: item.path, message: `${INTERVAL_EXPECTED}, found ${describeValue(item.text)}` });
      continue;
    }
    // "09:00-12:00, 13:00-18:00" in one string is accepted too.
    for (const text of item.text.split(",").map((s) => s.trim())) {
      const interval = parseInterval(text, item.path, problems);
      if (interval !== undefined) intervals.push(interval);
    }
  }
  intervals.sort((a, b) => a.start - b.start);
  const flat: number[] = [];
  let previous: Interval | undefined;
  for (const interval of intervals) {
    if (previous !== undefined && interval.start < previous.end) {
      problems.push({
        path: interval.path,
        message: `expected intervals that do not overlap, found ${interval.text} overlapping ${previous.text}`,
      });
      continue;
    }
    if (flat.length > 0 && flat.at(-1) === interval.start) flat[flat.length - 1] = interval.end;
    else flat.push(interval.start, interval.end);
    previous = interval;
  }
  return flat;
}

function parseInterval(text: string, path: (string | number)[], problems: CalendarProblem[]): Interval | undefined {
  const match = INTERVAL_RE.exec(text);
  if (match === null) {
    problems.push({ path, message: `${INTERVAL_EXPECTED}, found ${JSON.stringify(text)}` });
    return undefined;
  }
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  const start = (h1 * 60 + m1) * MINUTE_MS;
  const end = (h2 * 60 + m2) * MINUTE_MS;
  const day = 24 * 60 * MINUTE_MS;
  if (m1 > 59 || m2 > 59 || start > day || end > day) {
    problems.push({ path, message: `expected times from 00:00 to 24:00, found ${JSON.stringify(text)}` });
    return undefined;
  }
  if (end <= start) {
    const hint =
      end < start
        ? ` (write a shift past midnight as ${formatTimeOfDay(start)}-24:00 and 00:00-${formatTimeOfDay(end)} on the next day)`
        : "";
    problems.push({ path, message: `expected the end after the start, found ${JSON.stringify(text)}${hint}` });
    return undefined;
  }
  return { start, end, text, path };
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value instanceof Date) return value.toISOString();
  // JSON.stringify gives undefined only for functions and symbols, which YAML never produces.
  return JSON.stringify(value) ?? typeof value;
}
