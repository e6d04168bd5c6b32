import { describe, expect, it } from "vitest";
import { toDayNumber } from "../../../src/core/calendar/civil-day.ts";
import { createDaySet } from "../../../src/core/calendar/day-set.ts";
import { parseIcs } from "../../../src/core/calendar/parse-ics.ts";

const HOLIDAYS = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//issue-shepherd//test//EN
BEGIN:VEVENT
UID:national-day
SUMMARY:National Day
DTSTART;VALUE=DATE:20261001
DTEND;VALUE=DATE:20261008
END:VEVENT
BEGIN:VEVENT
UID:folded
SUMMARY:A summary folded
  over two lines
DTSTART;VALUE=DATE:2026
 0101
END:VEVENT
BEGIN:VEVENT
SUMMARY:Two days by duration
DTSTART:20260501
DURATION:P2D
END:VEVENT
BEGIN:VEVENT
SUMMARY:A timed meeting is not a holiday
DTSTART;TZID="America/New_York":20260302T090000
DTEND;TZID="America/New_York":20260302T100000
END:VEVENT
BEGIN:VEVENT
SUMMARY:Cancelled
STATUS:CANCELLED
DTSTART;VALUE=DATE:20260303
END:VEVENT
BEGIN:VEVENT
SUMMARY:Christmas
DTSTART;VALUE=DATE:20201225
DTEND;VALUE=DATE:20201226
RRULE:FREQ=YEARLY
EXDATE;VALUE=DATE:20271225
BEGIN:VALARM
ACTION:DISPLAY
DTSTART;VALUE=DATE:19990101
END:VALARM
END:VEVENT
BEGIN:VEVENT
SUMMARY:Thanksgiving
DTSTART;VALUE=DATE:20231123
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH
END:VEVENT
BEGIN:VEVENT
SUMMARY:Memorial Day
DTSTART;VALUE=DATE:20240527
RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO;UNTIL=20261231T000000Z
END:VEVENT
BEGIN:VEVENT
SUMMARY:Every other year, twice
DTSTART;VALUE=DATE:20260704
RRULE:FREQ=YEARLY;INTERVAL=2;COUNT=2
END:VEVENT
END:VCALENDAR
`;

describe("parseIcs() holidays", () => {
  for (const [name, text] of [
    ["LF", HOLIDAYS],
    ["CRLF", HOLIDAYS.replaceAll("\n", "\r\n")],
  ] as const) {
    const parsed = parseIcs(text);
    const days = createDaySet(parsed.ranges, parsed.yearly);
    it(`${name}: has no problems`, () => {
      expect(parsed.problems).toEqual([]);
    });
    it.each([
      ["2026-09-30", false],
      ["2026-10-01", true],
      ["2026-10-07", true],
      ["2026-10-08", false], // DTEND is exclusive
      ["2026-01-01", true], // folded DTSTART
      ["2026-05-01", true],
      ["2026-05-02", true],
      ["2026-05-03", false],
      ["2026-03-02", false], // timed
      ["2026-03-03", false], // cancelled
      ["1999-01-01", false], // DTSTART of the alarm, not of an event
      ["2019-12-25", false], // before the first occurrence
      ["2020-12-25", true],
      ["2026-12-25", true],
      ["2026-12-26", false],
      ["2027-12-25", false], // EXDATE
      ["2035-12-25", true],
      ["2026-11-26", true], // fourth Thursday of November
      ["2026-11-19", false],
      ["2030-11-28", true],
      ["2025-05-26", true], // last Monday of May
      ["2026-05-25", true],
      ["2027-05-31", false], // after UNTIL
      ["2026-07-04", true],
      ["2027-07-04", false], // INTERVAL=2
      ["2028-07-04", true],
      ["2030-07-04", false], // COUNT=2
    ])(`${name}: %s holiday: %s`, (date, expected) => {
      const [y, m, d] = date.split("-").map(Number) as [number, number, number];
      expect(days.has(toDayNumber(y, m, d))).toBe(expected);
    });
  }
});

const wrap = (body: string): string => `BEGIN:VCALENDAR\nVERSION:2.0\n${body}END:VCALENDAR\n`;

describe("parseIcs() problems", () => {
  it.each([
    ["an empty file", "", [{ line: 1, message: "expected an iCalendar file starting with BEGIN:VCALENDAR, found an empty file" }]],
    [
      "not iCalendar",
      "\n<html><body>Not found</body></html>\n",
      [{ line: 2, message: 'expected an iCalendar file starting with BEGIN:VCALENDAR, found "<html><body>Not found</body></html>"' }],
    ],
    [
      "a truncated file",
      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\n",
      [{ line: 3, message: "expected END:VEVENT, found the end of the file" }],
    ],
    [
      "mismatched END",
      wrap("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\nEND:VTODO\n"),
      [{ line: 5, message: 'expected END:VEVENT, found "END:VTODO"' }],
    ],
    ["a line that is no property", wrap("garbage\n"), [{ line: 3, message: 'expected a content line like NAME:value, found "garbage"' }]],
    [
      "an event without DTSTART",
      wrap("BEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n"),
      [{ line: 3, message: "expected DTSTART in the event, found none" }],
    ],
    [
      "a bad DTSTART",
      wrap("BEGIN:VEVENT\nDTSTART;VALUE=DATE:2026-10-01\nEND:VEVENT\n"),
      [{ line: 4, message: 'expected DTSTART like 20261001 or 20261001T090000Z, found "2026-10-01"' }],
    ],
    [
      "a date that does not exist",
      wrap("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20260230\nEND:VEVENT\n"),
      [{ line: 4, message: 'expected a real date in DTSTART, found "20260230"' }],
    ],
    [
      "a timed DTEND on an all-day event",
      wrap("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\nDTEND:20261001T120000Z\nEND:VEVENT\n"),
      [{ line: 5, message: 'expected DTEND like 20261002 (the day after the last day off), found "20261001T120000Z"' }],
    ],
    [
      "a DURATION in hours",
      wrap("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\nDURATION:PT4H\nEND:VEVENT\n"),
      [{ line: 5, message: 'expected a DURATION of whole days like P1D or P1W, found "PT4H"' }],
    ],
    [
      "a weekly rule",
      wrap("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261003\nRRULE:FREQ=WEEKLY;BYDAY=SA\nEND:VEVENT\n"),
      [{ line: 5, message: 'expected a yearly RRULE like FREQ=YEARLY, found "FREQ=WEEKLY;BYDAY=SA"' }],
    ],
    [
      "an unsupported rule part",
      wrap("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261003\nRRULE:FREQ=YEARLY;BYSETPOS=1\nEND:VEVENT\n"),
      [
        {
          line: 5,
          message: 'expected an RRULE with only FREQ, INTERVAL, COUNT, UNTIL, BYMONTH, BYMONTHDAY and BYDAY, found "FREQ=YEARLY;BYSETPOS=1"',
        },
      ],
    ],
    [
      "BYDAY without BYMONTH",
      wrap("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261126\nRRULE:FREQ=YEARLY;BYDAY=4TH\nEND:VEVENT\n"),
      [{ line: 5, message: 'expected BYDAY like 4TH or -1MO together with BYMONTH, found "FREQ=YEARLY;BYDAY=4TH"' }],
    ],
    [
      "several problems at once",
      wrap("BEGIN:VEVENT\nDTSTART:x\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261003\nRRULE:FREQ=DAILY\nEND:VEVENT\n"),
      [
        { line: 4, message: 'expected DTSTART like 20261001 or 20261001T090000Z, found "x"' },
        { line: 8, message: 'expected a yearly RRULE like FREQ=YEARLY, found "FREQ=DAILY"' },
      ],
    ],
  ])("%s", (_, text, problems) => {
    expect(parseIcs(text).problems).toEqual(problems);
  });
});
