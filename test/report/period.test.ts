/** Periods of local days: their instants in the team's zone, the period before, and bad dates. */
import { describe, expect, it } from "vitest";
import { isPeriodProblem, parsePeriod, previousPeriod, type Period } from "../../src/report/period.ts";

const period = (from: string, to: string, zone: string) => parsePeriod(from, to, zone) as Period;

describe("parsePeriod", () => {
  it.each([
    ["2026-03-01", "2026-03-31", "Asia/Shanghai", "2026-02-28T16:00:00.000Z", "2026-03-31T16:00:00.000Z"],
    ["2026-03-08", "2026-03-08", "America/New_York", "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z"], // a 23-hour day
    ["2026-11-01", "2026-11-01", "America/New_York", "2026-11-01T04:00:00.000Z", "2026-11-02T05:00:00.000Z"], // a 25-hour day
    ["2026-01-01", "2026-12-31", "UTC", "2026-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
  ])("%s … %s in %s begins %s and ends before %s", (from, to, zone, start, end) => {
    const p = period(from, to, zone);
    expect(new Date(p.start).toISOString()).toBe(start);
    expect(new Date(p.end).toISOString()).toBe(end);
  });

  it.each([
    ["2026-02-30", "2026-03-31", '--from: expected a real date as YYYY-MM-DD (the first day of the period, in UTC), found "2026-02-30"'],
    ["2026-03-01", "31.03.2026", '--to: expected a real date as YYYY-MM-DD (the last day of the period, included, in UTC), found "31.03.2026"'],
    ["2026-03-31", "2026-03-01", "--to: expected a day on or after --from 2026-03-31, found 2026-03-01; swap the two dates"],
  ])("refuses %s … %s", (from, to, message) => {
    const p = parsePeriod(from, to, "UTC");
    expect(isPeriodProblem(p) ? p.message : p).toBe(message);
  });
});

describe("previousPeriod", () => {
  it.each([
    ["2026-03-01", "2026-03-31", "2026-02-01", "2026-02-28"], // a month: the month before
    ["2026-01-01", "2026-03-31", "2025-10-01", "2025-12-31"], // a quarter: the quarter before
    ["2026-03-09", "2026-03-15", "2026-03-02", "2026-03-08"], // a week: the week before
    ["2026-03-31", "2026-03-31", "2026-03-30", "2026-03-30"],
  ])("%s … %s follows %s … %s", (from, to, prevFrom, prevTo) => {
    const p = previousPeriod(period(from, to, "Asia/Shanghai"));
    expect([p.from, p.to]).toEqual([prevFrom, prevTo]);
    expect(p.end).toBe(period(from, to, "Asia/Shanghai").start);
  });
});
