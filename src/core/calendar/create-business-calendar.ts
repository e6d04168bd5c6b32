/**
 * The business-calendar engine. Working time is cached per UTC "bucket" (a 24-hour span starting
 * at local midnight of standard time) as sorted, disjoint [start, end) instants, computed once from
 * the zone's offsets; sums over 32 buckets are cached too, so spans of years cost a few hundred
 * map lookups. Buckets are UTC-ordered, so days that overlap in UTC (a fall-back at midnight) need
 * no special case.
 */
import type { Calendar } from "./calendar.ts";
import { checkInstant } from "./check-instant.ts";
import { DAY_MS, weekdayOf } from "./civil-day.ts";
import type { DaySet } from "./day-set.ts";
import { describeWeek } from "./describe-week.ts";
import { zoneOffsets } from "./zone-offsets.ts";

/** What a business calendar is made of; `compileCalendar` builds it from a rule file. */
export interface BusinessHours {
  name: string;
  /** A time zone Intl accepts, e.g. Asia/Shanghai. */
  timezone: string;
  /**
   * Working intervals per weekday, 0 = Monday … 6 = Sunday: flat `[start0, end0, start1, end1, …]`
   * in ms after local midnight, sorted, disjoint, end <= 24 h.
   */
  week: readonly (readonly number[])[];
  /** The standard working day (hours of make-up working days; its length is `dayMs`). */
  standardDay: readonly number[];
  /** Local dates with no working hours. */
  holidays: DaySet;
  /** Local dates worked with the standard day's hours, whatever their weekday. */
  workdays: DaySet;
  /** Where holidays come from besides the listed dates, for `describe()`: `CN holidays 2004–2026 with make-up days (chinese-days 1.5.7)`. */
  notes?: readonly string[];
}

interface Bucket {
  /** Flat [start0, end0, start1, end1, …], sorted, disjoint, not touching. */
  pieces: number[];
  total: number;
}

const BLOCK_SHIFT = 5; // 32 buckets per block
const BLOCK = 1 << BLOCK_SHIFT;
const HORIZON_BUCKETS = 36_525; // add() gives up after 100 years
const NO_HOURS: readonly number[] = [];

/** A calendar over working hours in a time zone. The inputs must already be valid. */
export function createBusinessCalendar(hours: BusinessHours): Calendar {
  const { week, standardDay, holidays, workdays } = hours;
  const zone = zoneOffsets(hours.timezone);
  const shift = -zone.offsetAt(0);
  const buckets = new Map<number, Bucket>();
  const blocks = new Map<number, number>();
  let dayMs = 0;
  for (let i = 1; i < standardDay.length; i += 2) dayMs += (standardDay[i] as number) - (standardDay[i - 1] as number);

  const hoursOf = (day: number): readonly number[] => {
    if (holidays.has(day)) return NO_HOURS;
    if (workdays.has(day)) return standardDay;
    return week[weekdayOf(day)] ?? NO_HOURS;
  };

  const computeBucket = (k: number): Bucket => {
    const from = k * DAY_MS + shift;
    const segments = zone.segments(from, from + DAY_MS);
    const pieces: number[] = [];
    let total = 0;
    for (let i = 0; i < segments.length; i += 3) {
      const segStart = segments[i] as number;
      const segEnd = segments[i + 1] as number;
      const offset = segments[i + 2] as number;
      const localStart = segStart + offset;
      const localEnd = segEnd + offset;
      const lastDay = Math.floor((localEnd - 1) / DAY_MS);
      for (let day = Math.floor(localStart / DAY_MS); day <= lastDay; day++) {
        const intervals = hoursOf(day);
        const midnight = day * DAY_MS;
        for (let j = 1; j < intervals.length; j += 2) {
          const lo = Math.max(midnight + (intervals[j - 1] as number), localStart) - offset;
          const hi = Math.min(midnight + (intervals[j] as number), localEnd) - offset;
          if (lo >= hi) continue;
          total += hi - lo;
          const n = pieces.length;
          if (n > 0 && pieces[n - 1] === lo) pieces[n - 1] = hi;
          else pieces.push(lo, hi);
        }
      }
    }
    return { pieces, total };
  };

  const bucket = (k: number): Bucket => {
    let b = buckets.get(k);
    if (b === undefined) {
      b = computeBucket(k);
      buckets.set(k, b);
    }
    return b;
  };

  const blockTotal = (block: number): number => {
    let total = blocks.get(block);
    if (total === undefined) {
      total = 0;
      for (let k = block << BLOCK_SHIFT, end = k + BLOCK; k < end; k++) total += bucket(k).total;
      blocks.set(block, total);
    }
    return total;
  };

  const bucketOf = (t: number): number => Math.floor((t - shift) / DAY_MS);

  /** Working time of a bucket inside [a, b). */
  const clipped = (pieces: readonly number[], a: number, b: number): number => {
    let sum = 0;
    for (let i = 1; i < pieces.length; i += 2) {
      const lo = Math.max(pieces[i - 1] as number, a);
      const hi = Math.min(pieces[i] as number, b);
      if (lo < hi) sum += hi - lo;
    }
    return sum;
  };

  const between = (a: number, b: number): number => {
    if (!(b > a)) return 0;
    checkInstant(a);
    checkInstant(b);
    const first = bucketOf(a);
    const last = bucketOf(b);
    if (first === last) return clipped(bucket(first).pieces, a, b);
    let sum = clipped(bucket(first).pieces, a, Infinity);
    let k = first + 1;
    while (k < last) {
      if ((k & (BLOCK - 1)) === 0 && k + BLOCK <= last) {
        sum += blockTotal(k >> BLOCK_SHIFT);
        k += BLOCK;
      } else {
        sum += bucket(k).total;
        k++;
      }
    }
    return sum + clipped(bucket(last).pieces, -Infinity, b);
  };

  const add = (start: number, ms: number): number => {
    checkInstant(start);
    if (!(ms > 0)) return start;
    if (ms === Infinity) return Infinity;
    let rest = ms;
    let k = bucketOf(start);
    const horizon = k + HORIZON_BUCKETS;
    let from = start;
    for (;;) {
      if (k > horizon) return Infinity;
      if (from === -Infinity && (k & (BLOCK - 1)) === 0) {
        const total = blockTotal(k >> BLOCK_SHIFT);
        if (total < rest) {
          rest -= total;
          k += BLOCK;
          continue;
        }
      }
      const { pieces, total } = bucket(k);
      if (from === -Infinity && total < rest) {
        rest -= total;
        k++;
        continue;
      }
      for (let i = 1; i < pieces.length; i += 2) {
        const lo = Math.max(pieces[i - 1] as number, from);
        const hi = pieces[i] as number;
        if (lo >= hi) continue;
        if (rest <= hi - lo) return lo + rest;
        rest -= hi - lo;
      }
      from = -Infinity;
      k++;
    }
  };

  const isOpen = (t: number): boolean => {
    checkInstant(t);
    const { pieces } = bucket(bucketOf(t));
    for (let i = 1; i < pieces.length; i += 2) {
      if (t < (pieces[i - 1] as number)) return false;
      if (t < (pieces[i] as number)) return true;
    }
    return false;
  };

  const summary = describeCalendar(hours);
  return { name: hours.name, timezone: hours.timezone, between, add, dayMs, isOpen, describe: () => summary };
}

function describeCalendar(hours: BusinessHours): string {
  const parts = [hours.timezone, describeWeek(hours.week), ...(hours.notes ?? [])];
  const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  if (hours.holidays.dayCount > 0) parts.push(plural(hours.holidays.dayCount, "holiday", "holidays"));
  if (hours.holidays.yearlyCount > 0) parts.push(plural(hours.holidays.yearlyCount, "yearly holiday", "yearly holidays"));
  if (hours.workdays.dayCount > 0) parts.push(plural(hours.workdays.dayCount, "make-up day", "make-up days"));
  return `${hours.name} (${parts.join(", ")})`;
}
