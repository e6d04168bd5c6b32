import { describe, expect, it } from "vitest";
import { addDuration } from "../../../src/core/calendar/add-duration.ts";
import type { Calendar } from "../../../src/core/calendar/calendar.ts";
import { compileCalendar } from "../../../src/core/calendar/compile-calendar.ts";
import { TWENTY_FOUR_SEVEN } from "../../../src/core/calendar/twenty-four-seven.ts";
import type { CalendarInput } from "../../../src/core/rules/schema.ts";
import { parseDuration } from "../../../src/core/rules/duration.ts";

const H = 3_600_000;
const t = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test instant ${iso}`);
  return ms;
};
const compile = (spec: CalendarInput): Calendar => {
  const { calendar, problems } = compileCalendar("business", spec);
  if (calendar === undefined) throw new Error(JSON.stringify(problems));
  return calendar;
};

// China-style: Mon–Fri 09–18, National Day week off, two make-up Saturdays/Sundays.
const shanghai = compile({
  timezone: "Asia/Shanghai",
  hours: { "mon-fri": "09:00-18:00" },
  holidays: ["2026-10-01..2026-10-07", "2026-01-01"],
  workdays: ["2026-09-27", "2026-10-10"],
});

describe("add() in a Mon–Fri 09:00–18:00 calendar (Asia/Shanghai)", () => {
  it.each([
    ["Friday 17:00 + 2h is Monday 10:00", "2026-03-06T17:00+08:00", 2 * H, "2026-03-09T10:00+08:00"],
    ["Friday 17:00 + 1h ends Friday 18:00", "2026-03-06T17:00+08:00", 1 * H, "2026-03-06T18:00+08:00"],
    ["Saturday counts from Monday 09:00", "2026-03-07T12:00+08:00", 1 * H, "2026-03-09T10:00+08:00"],
    ["before opening counts from 09:00", "2026-03-09T07:30+08:00", 30 * 60_000, "2026-03-09T09:30+08:00"],
    ["after closing counts from the next morning", "2026-03-09T19:00+08:00", 4 * H, "2026-03-10T13:00+08:00"],
    ["zero is the start itself, even when closed", "2026-03-07T12:00+08:00", 0, "2026-03-07T12:00+08:00"],
    ["a full week", "2026-03-09T09:00+08:00", 45 * H, "2026-03-13T18:00+08:00"],
    ["the National Day week is skipped", "2026-09-30T17:00+08:00", 2 * H, "2026-10-08T10:00+08:00"],
    ["make-up Saturday 2026-10-10 is worked", "2026-10-09T17:00+08:00", 2 * H, "2026-10-10T10:00+08:00"],
    ["make-up Sunday 2026-09-27 is worked", "2026-09-26T10:00+08:00", 1 * H, "2026-09-27T10:00+08:00"],
    ["New Year's Day is off", "2025-12-31T17:30+08:00", 1 * H, "2026-01-02T09:30+08:00"],
    ["milliseconds are kept", "2026-03-09T09:00+08:00", 1, "2026-03-09T09:00:00.001+08:00"],
  ])("%s", (_, start, ms, expected) => {
    expect(new Date(shanghai.add(t(start), ms)).toISOString()).toBe(new Date(t(expected)).toISOString());
  });
});

describe("between() in a Mon–Fri 09:00–18:00 calendar (Asia/Shanghai)", () => {
  it.each([
    ["one working day, from before to after", "2026-03-09T08:00+08:00", "2026-03-09T20:00+08:00", 9 * H],
    ["across a weekend", "2026-03-06T12:00+08:00", "2026-03-09T12:00+08:00", 9 * H],
    ["inside the lunch hour (no lunch break declared)", "2026-03-09T12:00+08:00", "2026-03-09T13:00+08:00", 1 * H],
    ["a weekend", "2026-03-07T00:00+08:00", "2026-03-09T00:00+08:00", 0],
    ["reversed", "2026-03-09T18:00+08:00", "2026-03-09T09:00+08:00", 0],
    ["empty", "2026-03-09T10:00+08:00", "2026-03-09T10:00+08:00", 0],
    ["a week", "2026-03-09T00:00+08:00", "2026-03-16T00:00+08:00", 45 * H],
    // Sep 27 (make-up), Sep 28–30, Oct 8–9, Oct 10 (make-up).
    ["the holiday week with its make-up days", "2026-09-26T00:00+08:00", "2026-10-12T00:00+08:00", 7 * 9 * H],
    // 2026: 261 weekdays, 6 of them holidays (Jan 1 and Oct 1, 2, 5, 6, 7), plus 2 make-up days.
    ["the year 2026", "2026-01-01T00:00+08:00", "2027-01-01T00:00+08:00", (261 - 6 + 2) * 9 * H],
    ["ten years (2017 to 2027: 2609 weekdays, then 2026's days off)", "2017-01-01T00:00+08:00", "2027-01-01T00:00+08:00", (2609 - 6 + 2) * 9 * H],
  ])("%s", (_, a, b, expected) => {
    expect(shanghai.between(t(a), t(b))).toBe(expected);
  });

  it("agrees with add() over a year", () => {
    const start = t("2026-01-05T09:00+08:00");
    const end = shanghai.add(start, 2000 * H);
    expect(shanghai.between(start, end)).toBe(2000 * H);
  });
});

describe("isOpen()", () => {
  it.each([
    ["2026-03-09T09:00+08:00", true],
    ["2026-03-09T08:59:59.999+08:00", false],
    ["2026-03-09T17:59:59.999+08:00", true],
    ["2026-03-09T18:00+08:00", false],
    ["2026-03-07T12:00+08:00", false],
    ["2026-10-10T12:00+08:00", true],
    ["2026-10-05T12:00+08:00", false],
  ])("%s → %s", (instant, open) => {
    expect(shanghai.isOpen(t(instant))).toBe(open);
  });
});

describe("intervals ending at 24:00", () => {
  const night = compile({ timezone: "Europe/Berlin", hours: { "mon-fri": ["00:00-02:00", "20:00-24:00"] } });
  it.each([
    ["Monday 23:00 + 2h runs on past midnight", "2026-03-09T23:00+01:00", 2 * H, "2026-03-10T01:00+01:00"],
    ["Friday 23:00 + 2h resumes Monday 00:00", "2026-03-13T23:00+01:00", 2 * H, "2026-03-16T01:00+01:00"],
    ["Monday 23:00 + 1h ends at midnight", "2026-03-09T23:00+01:00", 1 * H, "2026-03-10T00:00+01:00"],
  ])("%s", (_, start, ms, expected) => {
    expect(night.add(t(start), ms)).toBe(t(expected));
  });
  it("is open at the last millisecond and the first of the next day", () => {
    expect(night.isOpen(t("2026-03-09T23:59:59.999+01:00"))).toBe(true);
    expect(night.isOpen(t("2026-03-10T00:00+01:00"))).toBe(true);
    expect(night.between(t("2026-03-09T00:00+01:00"), t("2026-03-10T00:00+01:00"))).toBe(6 * H);
  });
});

describe("days when the clocks change", () => {
  const day = (timezone: string, hours: string | string[]): Calendar => compile({ timezone, hours: { daily: hours } });
  it.each([
    // [zone, hours, local day start, next local day start, real working hours]
    ["America/New_York", "01:00-03:00", "2026-03-08T00:00-05:00", "2026-03-09T00:00-04:00", 1],
    ["America/New_York", "01:00-03:00", "2026-11-01T00:00-04:00", "2026-11-02T00:00-05:00", 3],
    ["America/New_York", "02:00-03:00", "2026-03-08T00:00-05:00", "2026-03-09T00:00-04:00", 0],
    ["America/New_York", "01:15-01:45", "2026-11-01T00:00-04:00", "2026-11-02T00:00-05:00", 1],
    ["America/New_York", "09:00-18:00", "2026-03-08T00:00-05:00", "2026-03-09T00:00-04:00", 9],
    ["America/New_York", "00:00-24:00", "2026-03-08T00:00-05:00", "2026-03-09T00:00-04:00", 23],
    ["America/New_York", "00:00-24:00", "2026-11-01T00:00-04:00", "2026-11-02T00:00-05:00", 25],
    ["Europe/London", "00:30-02:30", "2026-03-29T00:00Z", "2026-03-30T00:00+01:00", 1],
    ["Europe/London", "00:30-02:30", "2026-10-25T00:00+01:00", "2026-10-26T00:00Z", 3],
    ["Europe/London", "09:00-18:00", "2026-10-25T00:00+01:00", "2026-10-26T00:00Z", 9],
    ["Australia/Sydney", "00:00-24:00", "2026-04-05T00:00+11:00", "2026-04-06T00:00+10:00", 25],
    ["Australia/Sydney", "00:00-24:00", "2026-10-04T00:00+10:00", "2026-10-05T00:00+11:00", 23],
    ["Australia/Sydney", "02:00-03:00", "2026-04-05T00:00+11:00", "2026-04-06T00:00+10:00", 2],
    ["Australia/Sydney", "02:00-03:00", "2026-10-04T00:00+10:00", "2026-10-05T00:00+11:00", 0],
    ["Asia/Shanghai", "00:00-24:00", "2026-03-08T00:00+08:00", "2026-03-09T00:00+08:00", 24],
    ["Asia/Shanghai", "01:00-03:00", "2026-11-01T00:00+08:00", "2026-11-02T00:00+08:00", 2],
  ])("%s %s from %s: %d h", (timezone, hours, from, to, expected) => {
    expect(day(timezone, hours).between(t(from), t(to))).toBe(expected * H);
  });

  it.each([
    // The hour 01:00–02:00 happens twice on 2026-11-01 in New York, and both count.
    ["America/New_York", "01:00-03:00", "2026-11-01T00:00-04:00", 2 * H, "2026-11-01T02:00-05:00"],
    ["America/New_York", "01:00-03:00", "2026-11-01T01:30-04:00", 1 * H, "2026-11-01T01:30-05:00"],
    // 02:00–03:00 does not exist on 2026-03-08: 30 minutes left on Saturday, 30 more on Sunday.
    ["America/New_York", "01:00-03:00", "2026-03-07T02:30-05:00", 1 * H, "2026-03-08T01:30-05:00"],
    ["America/New_York", "01:00-03:00", "2026-03-08T01:30-05:00", 1 * H, "2026-03-09T01:30-04:00"],
    ["Europe/London", "09:00-17:00", "2026-03-28T16:00Z", 2 * H, "2026-03-29T10:00+01:00"],
    ["Australia/Sydney", "00:00-24:00", "2026-04-05T00:00+11:00", 25 * H, "2026-04-06T00:00+10:00"],
  ])("%s %s: %s + %d ms", (timezone, hours, start, ms, expected) => {
    expect(new Date(day(timezone, hours).add(t(start), ms)).toISOString()).toBe(new Date(t(expected)).toISOString());
  });
});

describe("the built-in 24x7 calendar", () => {
  it("counts every millisecond", () => {
    expect(TWENTY_FOUR_SEVEN.between(t("2026-03-06T17:00Z"), t("2026-03-09T10:00Z"))).toBe(65 * H);
    expect(TWENTY_FOUR_SEVEN.add(t("2026-03-06T17:00Z"), 2 * H)).toBe(t("2026-03-06T19:00Z"));
    expect(TWENTY_FOUR_SEVEN.between(5, 1)).toBe(0);
    expect(TWENTY_FOUR_SEVEN.dayMs).toBe(24 * H);
    expect(TWENTY_FOUR_SEVEN.isOpen(0)).toBe(true);
    expect(TWENTY_FOUR_SEVEN.describe()).toBe("24x7 (every hour of every day)");
    expect(TWENTY_FOUR_SEVEN.name).toBe("24x7");
  });
  it("can be declared under another name", () => {
    const { calendar } = compileCalendar("always", "24x7");
    expect(calendar?.name).toBe("always");
    expect(calendar?.describe()).toBe("always (24x7)");
  });
});

describe("addDuration()", () => {
  const d = (text: string) => {
    const duration = parseDuration(text);
    if (duration === undefined) throw new Error(text);
    return duration;
  };
  it.each([
    ["3bd", "2026-03-09T10:00+08:00", "2026-03-12T10:00+08:00"],
    ["1bd", "2026-03-06T17:00+08:00", "2026-03-09T17:00+08:00"],
    ["1bd4h", "2026-03-06T17:00+08:00", "2026-03-10T12:00+08:00"],
    ["4h", "2026-03-06T17:00+08:00", "2026-03-09T12:00+08:00"],
    ["0.5bd", "2026-03-09T09:00+08:00", "2026-03-09T13:30+08:00"],
  ])("%s from %s", (text, start, expected) => {
    expect(addDuration(shanghai, t(start), d(text))).toBe(t(expected));
  });
  it("uses 24h business days in 24x7", () => {
    expect(addDuration(TWENTY_FOUR_SEVEN, t("2026-03-06T17:00Z"), d("1bd2h"))).toBe(t("2026-03-07T19:00Z"));
  });
});

describe("dayMs and describe()", () => {
  it.each<[CalendarInput, number, string]>([
    [{ timezone: "Asia/Shanghai", hours: { "mon-fri": "09:00-18:00" } }, 9, "business (Asia/Shanghai, mon-fri 09:00-18:00)"],
    [
      { timezone: "asia/shanghai", hours: { "mon-fri": ["09:00-12:00", "13:00-18:00"] }, holidays: ["2026-10-01..2026-10-07"], workdays: ["2026-10-10"] },
      8,
      "business (Asia/Shanghai, mon-fri 09:00-12:00+13:00-18:00, 7 holidays, 1 make-up day)",
    ],
    [{ timezone: "UTC", hours: { "sat,sun": "10:00-14:00", "tue-thu": "08:00-20:00" } }, 12, "business (UTC, tue-thu 08:00-20:00, sat-sun 10:00-14:00)"],
    [{ timezone: "Europe/London", hours: { daily: "00:00-24:00" } }, 24, "business (Europe/London, daily 00:00-24:00)"],
    [{ timezone: "Europe/London", hours: { "sat-sun": "10:00-12:00" } }, 2, "business (Europe/London, sat-sun 10:00-12:00)"],
  ])("%j", (spec, hours, text) => {
    const calendar = compile(spec);
    expect(calendar.dayMs).toBe(hours * H);
    expect(calendar.describe()).toBe(text);
  });
});

describe("guards", () => {
  it("rejects instants that are not finite", () => {
    expect(() => shanghai.between(Number.NaN + 1, Infinity)).not.toThrow(); // NaN span: 0
    expect(() => shanghai.between(0, Infinity)).toThrow(RangeError);
    expect(() => shanghai.add(Number.NaN, 1)).toThrow(RangeError);
  });
  it("gives up after 100 years without working time", () => {
    const never = compile({ timezone: "UTC", hours: { mon: "09:00-10:00" }, holidays: ["2026-01-01..2199-12-31"] });
    expect(never.add(t("2026-03-09T00:00Z"), H)).toBe(Infinity);
    expect(never.add(t("2026-03-09T00:00Z"), Infinity)).toBe(Infinity);
  });
});
