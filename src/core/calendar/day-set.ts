/**
 * A set of local dates (day numbers): explicit ranges plus yearly rules from an .ics file. Only
 * consulted when a day's working intervals are first computed, so clarity beats speed here.
 */
import { toCivilDate, toDayNumber, weekdayOf } from "./civil-day.ts";

/** An inclusive range of day numbers. */
export interface DayRange {
  first: number;
  last: number;
}

/**
 * A yearly recurrence (RRULE FREQ=YEARLY): on a fixed month and day, or on the n-th weekday of a
 * month (n < 0 counts from the end), lasting `days` days.
 */
export interface YearlyRule {
  month: number;
  /** Day of the month; absent when `weekday` is given. */
  monthDay?: number;
  /** The n-th weekday (0 = Monday) of the month. */
  weekday?: { n: number; day: number };
  days: number;
  /** The first occurrence may not start before this day (DTSTART). */
  from: number;
  /** Every `interval` years. */
  interval: number;
  /** At most this many occurrences (COUNT). */
  count?: number;
  /** No occurrence starts after this day (UNTIL). */
  until?: number;
  /** Start days of cancelled occurrences (EXDATE). */
  except: ReadonlySet<number>;
}

/** A set of day numbers. */
export interface DaySet {
  has(day: number): boolean;
  /** How many days the ranges hold (yearly rules not counted). */
  readonly dayCount: number;
  /** How many yearly rules it holds. */
  readonly yearlyCount: number;
  /** The ranges, sorted and merged. */
  readonly ranges: readonly DayRange[];
}

/** Build a day set; ranges may overlap and come in any order. */
export function createDaySet(ranges: readonly DayRange[], yearly: readonly YearlyRule[] = []): DaySet {
  const merged: DayRange[] = [];
  for (const range of [...ranges].sort((a, b) => a.first - b.first)) {
    const prev = merged.at(-1);
    if (prev !== undefined && range.first <= prev.last + 1) prev.last = Math.max(prev.last, range.last);
    else merged.push({ first: range.first, last: range.last });
  }
  const dayCount = merged.reduce((sum, r) => sum + r.last - r.first + 1, 0);
  const inRanges = (day: number): boolean => {
    let lo = 0;
    let hi = merged.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const range = merged[mid] as DayRange;
      if (day < range.first) hi = mid - 1;
      else if (day > range.last) lo = mid + 1;
      else return true;
    }
    return false;
  };
  return {
    has: (day) => inRanges(day) || yearly.some((rule) => yearlyHas(rule, day)),
    dayCount,
    yearlyCount: yearly.length,
    ranges: merged,
  };
}

/** The start day of a rule's occurrence in `year`, or undefined when there is none (Feb 29, 5th Monday). */
export function occurrenceIn(rule: YearlyRule, year: number): number | undefined {
  if (rule.weekday === undefined) {
    const day = rule.monthDay ?? 1;
    const start = toDayNumber(year, rule.month, day);
    return toCivilDate(start).month === rule.month ? start : undefined;
  }
  const { n, day } = rule.weekday;
  if (n > 0) {
    const first = toDayNumber(year, rule.month, 1);
    const start = first + ((day - weekdayOf(first) + 7) % 7) + (n - 1) * 7;
    return toCivilDate(start).month === rule.month ? start : undefined;
  }
  const last = (rule.month === 12 ? toDayNumber(year + 1, 1, 1) : toDayNumber(year, rule.month + 1, 1)) - 1;
  const start = last - ((weekdayOf(last) - day + 7) % 7) + (n + 1) * 7;
  return toCivilDate(start).month === rule.month ? start : undefined;
}

function yearlyHas(rule: YearlyRule, day: number): boolean {
  if (day < rule.from) return false;
  const year = toCivilDate(day).year;
  const firstYear = toCivilDate(rule.from).year;
  // An occurrence lasts at most a year, so it started this year or last year.
  for (let y = year; y >= year - 1 && y >= firstYear; y--) {
    if ((y - firstYear) % rule.interval !== 0) continue;
    if (rule.count !== undefined && (y - firstYear) / rule.interval >= rule.count) continue;
    const start = occurrenceIn(rule, y);
    if (start === undefined || start < rule.from || rule.except.has(start)) continue;
    if (rule.until !== undefined && start > rule.until) continue;
    if (day >= start && day < start + rule.days) return true;
  }
  return false;
}
