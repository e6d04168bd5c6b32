import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileCalendar } from "../../../src/core/calendar/compile-calendar.ts";
import type { Calendar } from "../../../src/core/calendar/calendar.ts";
import { oracleAdd, oracleBetween, oracleOpenMinute, type OracleCalendar } from "./minute-oracle.ts";

const DAY_MS = 86_400_000;
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** The 2026 offset changes of the zones under test (Asia/Shanghai has none: it borrows New York's). */
const TRANSITIONS: Record<string, number[]> = {
  "America/New_York": [Date.parse("2026-03-08T07:00:00Z"), Date.parse("2026-11-01T06:00:00Z")],
  "Europe/London": [Date.parse("2026-03-29T01:00:00Z"), Date.parse("2026-10-25T01:00:00Z")],
  "Australia/Sydney": [Date.parse("2026-04-04T16:00:00Z"), Date.parse("2026-10-03T16:00:00Z")],
  "Asia/Shanghai": [Date.parse("2026-03-08T07:00:00Z"), Date.parse("2026-11-01T06:00:00Z")],
};

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
const isoDate = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

// Boundaries near the small hours, where the clocks change, come up often.
const boundary = fc.oneof(
  fc.constantFrom(0, 30, 60, 90, 120, 150, 180, 210, 540, 1080, 1440),
  fc.integer({ min: 0, max: 1440 }),
);
const dayHours = fc
  .uniqueArray(boundary, { maxLength: 6 })
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const pairs: [number, number][] = [];
    for (let i = 1; i < sorted.length; i += 2) pairs.push([sorted[i - 1] as number, sorted[i] as number]);
    return pairs;
  });

interface Case {
  oracle: OracleCalendar;
  calendar: Calendar;
  transition: number;
}

const calendarCase: fc.Arbitrary<Case> = fc
  .record({
    timezone: fc.constantFrom(...Object.keys(TRANSITIONS)),
    which: fc.integer({ min: 0, max: 1 }),
    week: fc.array(dayHours, { minLength: 7, maxLength: 7 }),
    // Day offsets from the transition's date; the first is the holiday list, the second make-up days.
    holidays: fc.uniqueArray(fc.integer({ min: -16, max: 26 }), { maxLength: 5 }),
    workdays: fc.uniqueArray(fc.integer({ min: -16, max: 26 }), { maxLength: 3 }),
    dateObjects: fc.boolean(),
  })
  .map(({ timezone, which, week, holidays, workdays, dateObjects }) => {
    if (week.every((hours) => hours.length === 0)) week[0] = [[540, 1080]];
    const transition = TRANSITIONS[timezone]?.[which] as number;
    const base = Math.floor(transition / DAY_MS);
    const holidayDays = new Set(holidays.map((d) => base + d));
    const workdayDays = new Set(workdays.map((d) => base + d).filter((d) => !holidayDays.has(d)));
    const hours: Record<string, string[]> = {};
    week.forEach((pairs, i) => {
      hours[WEEKDAYS[i] as string] = pairs.map(([s, e]) => `${hhmm(s)}-${hhmm(e)}`);
    });
    const toDate = (day: number): string | Date => (dateObjects ? new Date(day * DAY_MS) : isoDate(day));
    const { calendar, problems } = compileCalendar("random", {
      timezone,
      hours,
      holidays: [...holidayDays].map(toDate),
      workdays: [...workdayDays].map(toDate),
    });
    if (calendar === undefined) throw new Error(`bad generated calendar: ${JSON.stringify(problems)}`);
    return { oracle: { timezone, week, holidays: holidayDays, workdays: workdayDays }, calendar, transition };
  });

/** An instant within two weeks of the case's transition, on a whole second. */
const near = (transition: number) => fc.integer({ min: -14 * 86_400, max: 14 * 86_400 }).map((s) => transition + s * 1000);

describe("calendar against a minute-by-minute oracle", () => {
  it("between() matches", () => {
    fc.assert(
      fc.property(
        calendarCase.chain((c) => fc.tuple(fc.constant(c), near(c.transition), fc.integer({ min: 0, max: 10 * 86_400 }))),
        ([c, a, spanSeconds]) => {
          const b = a + spanSeconds * 1000;
          expect(c.calendar.between(a, b)).toBe(oracleBetween(c.oracle, a, b));
        },
      ),
      { numRuns: 120 },
    );
  });

  it("add() matches", () => {
    fc.assert(
      fc.property(
        calendarCase.chain((c) => fc.tuple(fc.constant(c), near(c.transition), fc.integer({ min: 0, max: 60 * 3600 }))),
        ([c, start, seconds]) => {
          const ms = seconds * 1000;
          const limit = start + 10 * DAY_MS;
          const expected = oracleAdd(c.oracle, start, ms, limit);
          const actual = c.calendar.add(start, ms);
          if (expected === undefined) {
            expect(actual).toBeGreaterThan(limit - 1);
            expect(c.calendar.between(start, limit)).toBeLessThan(ms);
          } else {
            expect(actual).toBe(expected);
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it("isOpen() matches", () => {
    fc.assert(
      fc.property(
        calendarCase.chain((c) => fc.tuple(fc.constant(c), fc.array(near(c.transition), { minLength: 20, maxLength: 20 }))),
        ([c, instants]) => {
          for (const t of instants) expect(c.calendar.isOpen(t)).toBe(oracleOpenMinute(c.oracle, Math.floor(t / 60_000)));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("calendar arithmetic over long spans", () => {
  // Up to six years around 2026, so the 32-day block sums are used and checked.
  const instant = fc.integer({ min: Date.parse("2023-01-01T00:00:00Z") / 1000, max: Date.parse("2029-01-01T00:00:00Z") / 1000 }).map((s) => s * 1000);

  it("between() is additive", () => {
    fc.assert(
      fc.property(calendarCase, instant, instant, instant, (c, x, y, z) => {
        const [a, b, d] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
        expect(c.calendar.between(a, d)).toBe(c.calendar.between(a, b) + c.calendar.between(b, d));
      }),
      { numRuns: 60 },
    );
  });

  it("add() inverts between()", () => {
    fc.assert(
      fc.property(calendarCase, instant, fc.integer({ min: 1, max: 2000 * 3600 }), (c, start, seconds) => {
        const end = c.calendar.add(start, seconds * 1000);
        expect(c.calendar.between(start, end)).toBe(seconds * 1000);
        // Nothing earlier would do: the last millisecond before `end` is working time.
        expect(c.calendar.isOpen(end - 1)).toBe(true);
        expect(c.calendar.between(start, end - 1)).toBe(seconds * 1000 - 1);
      }),
      { numRuns: 60 },
    );
  });
});
