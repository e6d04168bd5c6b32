/**
 * The `holidays` and `workdays` of a calendar: dates `2026-10-01` and inclusive ranges
 * `2026-10-01..2026-10-07`. An unquoted date may reach us as a Date (a YAML timestamp); its UTC
 * date is the local date meant.
 */
import type { CalendarProblem } from "./calendar.ts";
import { DAY_MS, isCivilDate, toDayNumber } from "./civil-day.ts";
import type { DayRange } from "./day-set.ts";

/** A range with the index of the list entry it came from. */
export interface ListedRange extends DayRange {
  index: number;
}

/** The ranges of a date list, and its problems (paths start with the list's key). */
export interface DateList {
  ranges: ListedRange[];
  problems: CalendarProblem[];
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EXPECTED = "expected a date like 2026-10-01 or a range like 2026-10-01..2026-10-07";

/** Parse a list of dates and ranges found under `key`; entries `skip` accepts are someone else's (a country). */
export function parseDateList(list: unknown, key: string, skip: (item: unknown) => boolean = () => false): DateList {
  const ranges: ListedRange[] = [];
  const problems: CalendarProblem[] = [];
  if (list === undefined) return { ranges, problems };
  if (!Array.isArray(list)) {
    problems.push({ path: [key], message: `expected a list of dates like [2026-10-01, 2026-10-01..2026-10-07], found ${JSON.stringify(list)}` });
    return { ranges, problems };
  }
  list.forEach((item: unknown, index) => {
    if (skip(item)) return;
    const fail = (message: string): void => {
      problems.push({ path: [key, index], message });
    };
    if (item instanceof Date) {
      const t = item.getTime();
      if (Number.isNaN(t) || t % DAY_MS !== 0) fail(`expected a date like 2026-10-01, found ${Number.isNaN(t) ? "an invalid date" : item.toISOString()}`);
      else ranges.push({ first: t / DAY_MS, last: t / DAY_MS, index });
      return;
    }
    if (typeof item !== "string") {
      fail(`${EXPECTED}, found ${JSON.stringify(item) ?? String(item)}`);
      return;
    }
    const parts = item.split("..").map((part) => part.trim());
    if (parts.length > 2) {
      fail(`${EXPECTED}, found ${JSON.stringify(item)}`);
      return;
    }
    const days: number[] = [];
    for (const part of parts) {
      const match = DATE_RE.exec(part);
      if (match === null) {
        fail(`${EXPECTED}, found ${JSON.stringify(item)}`);
        return;
      }
      const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
      if (!isCivilDate(year, month, day)) {
        fail(`expected a real date, found ${JSON.stringify(part)}`);
        return;
      }
      days.push(toDayNumber(year, month, day));
    }
    const first = days[0] as number;
    const last = days[1] ?? first;
    if (last < first) {
      fail(`expected a range that ends on or after its start, found ${JSON.stringify(item)}`);
      return;
    }
    ranges.push({ first, last, index });
  });
  return { ranges, problems };
}
