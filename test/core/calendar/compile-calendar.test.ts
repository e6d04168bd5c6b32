import { describe, expect, it } from "vitest";
import type { CalendarProblem } from "../../../src/core/calendar/calendar.ts";
import { compileCalendar } from "../../../src/core/calendar/compile-calendar.ts";
import type { CalendarInput } from "../../../src/core/rules/schema.ts";

const HOURS = { "mon-fri": "09:00-18:00" };
const ICS_CHRISTMAS = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nEND:VEVENT\nEND:VCALENDAR\n";

// Specs the schema would also reject arrive here in tests through this cast: the compiler must
// still answer with problems, never throw.
const loose = (spec: unknown): CalendarInput => spec as CalendarInput;

describe("compileCalendar() problems", () => {
  it.each<[string, CalendarInput, string | undefined, CalendarProblem[]]>([
    [
      "a misspelt time zone",
      { timezone: "Asia/Shanghia", hours: HOURS },
      undefined,
      [
        {
          path: ["timezone"],
          message: 'expected an IANA time zone like Asia/Shanghai or Europe/London, found "Asia/Shanghia" (did you mean Asia/Shanghai?)',
        },
      ],
    ],
    [
      "a city instead of a zone",
      { timezone: "New York", hours: HOURS },
      undefined,
      [
        {
          path: ["timezone"],
          message: 'expected an IANA time zone like Asia/Shanghai or Europe/London, found "New York" (did you mean America/New_York?)',
        },
      ],
    ],
    [
      "Beijing",
      { timezone: "Beijing", hours: HOURS },
      undefined,
      [
        {
          path: ["timezone"],
          message: 'expected an IANA time zone like Asia/Shanghai or Europe/London, found "Beijing" (did you mean Asia/Shanghai?)',
        },
      ],
    ],
    [
      "a UTC offset",
      { timezone: "UTC+8", hours: HOURS },
      undefined,
      [{ path: ["timezone"], message: 'expected an IANA time zone like Asia/Shanghai or Europe/London, found "UTC+8" (did you mean +08:00?)' }],
    ],
    [
      "a short name that is nothing",
      { timezone: "local", hours: HOURS },
      undefined,
      [{ path: ["timezone"], message: 'expected an IANA time zone like Asia/Shanghai or Europe/London, found "local"' }],
    ],
    [
      "a zone nothing resembles",
      { timezone: "Mars/Olympus_Mons", hours: HOURS },
      undefined,
      [{ path: ["timezone"], message: 'expected an IANA time zone like Asia/Shanghai or Europe/London, found "Mars/Olympus_Mons"' }],
    ],
    [
      "no time zone",
      loose({ hours: HOURS }),
      undefined,
      [{ path: ["timezone"], message: "expected an IANA time zone like Asia/Shanghai or Europe/London, found nothing" }],
    ],
    [
      "weekday keys",
      { timezone: "UTC", hours: { weekdays: "09:00-18:00", "mon-": "09:00-18:00", sat: "10:00-12:00" } },
      undefined,
      [
        {
          path: ["hours", "weekdays"],
          message: 'expected a weekday (mon, tue, wed, thu, fri, sat, sun), a range like mon-fri, or daily, found "weekdays"',
        },
        {
          path: ["hours", "mon-"],
          message: 'expected a weekday (mon, tue, wed, thu, fri, sat, sun), a range like mon-fri, or daily, found "mon-"',
        },
      ],
    ],
    [
      "a weekday under two keys",
      { timezone: "UTC", hours: { "mon-fri": "09:00-18:00", "fri-sun": "10:00-12:00" } },
      undefined,
      [{ path: ["hours", "fri-sun"], message: 'expected each weekday under one key, found fri under both "mon-fri" and "fri-sun"' }],
    ],
    [
      "interval texts",
      loose({
        timezone: "UTC",
        hours: { mon: "9-18", tue: "09:00-25:00", wed: "24:00-24:00", thu: 9, fri: ["09:00-12:00", "09:60-10:00"] },
      }),
      undefined,
      [
        { path: ["hours", "mon"], message: 'expected a time interval like 09:00-18:00, found "9-18"' },
        { path: ["hours", "tue"], message: 'expected times from 00:00 to 24:00, found "09:00-25:00"' },
        { path: ["hours", "wed"], message: 'expected the end after the start, found "24:00-24:00"' },
        { path: ["hours", "thu"], message: "expected a time interval like 09:00-18:00, found 9" },
        { path: ["hours", "fri", 1], message: 'expected times from 00:00 to 24:00, found "09:60-10:00"' },
      ],
    ],
    [
      "an overnight interval",
      { timezone: "UTC", hours: { "mon-fri": "22:00-06:00" } },
      undefined,
      [
        {
          path: ["hours", "mon-fri"],
          message:
            'expected the end after the start, found "22:00-06:00" (write a shift past midnight as 22:00-24:00 and 00:00-06:00 on the next day)',
        },
      ],
    ],
    [
      "overlapping intervals",
      { timezone: "UTC", hours: { "mon-fri": ["13:00-18:00", "09:00-12:00", "11:30-14:00"] } },
      undefined,
      [{ path: ["hours", "mon-fri", 2], message: "expected intervals that do not overlap, found 11:30-14:00 overlapping 09:00-12:00" }],
    ],
    [
      "no hours at all",
      { timezone: "UTC", hours: { "mon-sun": [] } },
      undefined,
      [{ path: ["hours"], message: "expected working hours on at least one weekday, found none" }],
    ],
    [
      "dates",
      loose({
        timezone: "UTC",
        hours: HOURS,
        holidays: [
          "2026/10/01",
          new Date("2026-10-01T10:00:00Z"),
          "2026-10-01..2026-10-03..2026-10-05",
          20261001,
          "2026-02-30",
          "2026-10-07..2026-10-01",
          new Date("2026-10-01"),
        ],
        workdays: "2026-10-10",
      }),
      undefined,
      [
        { path: ["holidays", 0], message: 'expected a date like 2026-10-01 or a range like 2026-10-01..2026-10-07, found "2026/10/01"' },
        { path: ["holidays", 1], message: "expected a date like 2026-10-01, found 2026-10-01T10:00:00.000Z" },
        {
          path: ["holidays", 2],
          message: 'expected a date like 2026-10-01 or a range like 2026-10-01..2026-10-07, found "2026-10-01..2026-10-03..2026-10-05"',
        },
        { path: ["holidays", 3], message: "expected a date like 2026-10-01 or a range like 2026-10-01..2026-10-07, found 20261001" },
        { path: ["holidays", 4], message: 'expected a real date, found "2026-02-30"' },
        { path: ["holidays", 5], message: 'expected a range that ends on or after its start, found "2026-10-07..2026-10-01"' },
        { path: ["workdays"], message: 'expected a list of dates like [2026-10-01, 2026-10-01..2026-10-07], found "2026-10-10"' },
      ],
    ],
    [
      "dates both holiday and working day",
      {
        timezone: "UTC",
        hours: HOURS,
        holidays: ["2026-10-01..2026-10-07"],
        workdays: ["2026-10-03", "2026-09-30..2026-10-02", "2026-09-28..2026-10-09", "2026-12-25", "2026-10-10"],
      },
      ICS_CHRISTMAS,
      [
        { path: ["workdays", 0], message: "2026-10-03 is listed both as a holiday and as a working day" },
        { path: ["workdays", 1], message: "2026-10-01 and 2026-10-02 are listed both as holidays and as working days" },
        { path: ["workdays", 2], message: "2026-10-01 and 6 more dates are listed both as holidays and as working days" },
        { path: ["workdays", 3], message: "2026-12-25 is listed both as a holiday (in the ics file) and as a working day" },
      ],
    ],
    [
      "an ics file that is not one",
      { timezone: "UTC", hours: HOURS, ics: "holidays/cn.ics" },
      "<html>Not found</html>",
      [{ path: ["ics"], message: 'holidays/cn.ics:1: expected an iCalendar file starting with BEGIN:VCALENDAR, found "<html>Not found</html>"' }],
    ],
    [
      "ics problems without a file name",
      { timezone: "UTC", hours: HOURS },
      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:soon\nEND:VEVENT\nEND:VCALENDAR\n",
      [{ path: ["ics"], message: 'line 3: expected DTSTART like 20261001 or 20261001T090000Z, found "soon"' }],
    ],
    [
      "a string other than 24x7",
      loose("24/7"),
      undefined,
      [{ path: [], message: 'expected "24x7" or a calendar like {timezone: Asia/Shanghai, hours: {mon-fri: 09:00-18:00}}, found "24/7"' }],
    ],
    [
      "everything at once",
      loose({ timezone: "Europe/Londn", hours: { mon: "9-17" }, holidays: ["soon"] }),
      undefined,
      [
        {
          path: ["timezone"],
          message: 'expected an IANA time zone like Asia/Shanghai or Europe/London, found "Europe/Londn" (did you mean Europe/London?)',
        },
        { path: ["hours", "mon"], message: 'expected a time interval like 09:00-18:00, found "9-17"' },
        { path: ["holidays", 0], message: 'expected a date like 2026-10-01 or a range like 2026-10-01..2026-10-07, found "soon"' },
      ],
    ],
  ])("%s", (_, spec, ics, problems) => {
    const compiled = compileCalendar("business", spec, ics);
    expect(compiled.problems).toEqual(problems);
    expect(compiled.calendar).toBeUndefined();
  });
});

describe("compileCalendar() accepts", () => {
  it.each<[string, CalendarInput]>([
    ["a lowercase zone", { timezone: "europe/london", hours: HOURS }],
    ["weekday lists, wrapping ranges and capitals", { timezone: "UTC", hours: { "Mon,Wed": "09:00-18:00", "fri-sun": "10:00-12:00" } }],
    ["several intervals in one string, single-digit hours", { timezone: "UTC", hours: { "mon-fri": "9:00-12:00, 13:00-18:00" } }],
    ["touching intervals", { timezone: "UTC", hours: { "mon-fri": ["09:00-12:00", "12:00-18:00"] } }],
    ["an en dash", { timezone: "UTC", hours: { "mon-fri": "09:00–18:00" } }],
    ["a day with no hours", { timezone: "UTC", hours: { "mon-fri": "09:00-18:00", sat: [] } }],
    ["dates from YAML timestamps", { timezone: "UTC", hours: HOURS, holidays: [new Date("2026-10-01")], workdays: [new Date("2026-10-10")] }],
  ])("%s", (_, spec) => {
    const compiled = compileCalendar("business", spec);
    expect(compiled.problems).toEqual([]);
    expect(compiled.calendar?.name).toBe("business");
  });

  it.each([
    ["europe/london", "Europe/London"],
    ["Asia/Kolkata", "Asia/Kolkata"], // not Intl's Asia/Calcutta
    ["Europe/Kyiv", "Europe/Kyiv"],
    ["+08:00", "+08:00"],
  ])("keeps the zone %s as %s", (written, kept) => {
    expect(compileCalendar("b", { timezone: written, hours: HOURS }).calendar?.timezone).toBe(kept);
  });

  it("reads holidays from ics text", () => {
    const { calendar } = compileCalendar("b", { timezone: "Asia/Shanghai", hours: HOURS, ics: "x.ics" }, ICS_CHRISTMAS);
    expect(calendar?.isOpen(Date.parse("2026-12-25T10:00+08:00"))).toBe(false);
    expect(calendar?.isOpen(Date.parse("2026-12-24T10:00+08:00"))).toBe(true);
    expect(calendar?.describe()).toBe("b (Asia/Shanghai, mon-fri 09:00-18:00, 1 holiday)");
  });

  it("treats a YAML timestamp as the UTC date it names", () => {
    const { calendar } = compileCalendar("b", { timezone: "Asia/Shanghai", hours: HOURS, workdays: [new Date("2026-10-10")] });
    expect(calendar?.isOpen(Date.parse("2026-10-10T10:00+08:00"))).toBe(true);
  });
});
