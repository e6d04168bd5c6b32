/**
 * A calendar declaration from a rule file (`calendars.<name>`) turned into a working Calendar, or
 * into every problem it has. Never throws for bad input.
 */
import type { CalendarInput } from "../rules/schema.ts";
import type { Calendar, CalendarProblem } from "./calendar.ts";
import { formatDayNumber, toDayNumber } from "./civil-day.ts";
import { isCountryRef, type CountryHolidayLookup } from "./country-holidays.ts";
import { createBusinessCalendar } from "./create-business-calendar.ts";
import { createDaySet, type DayRange } from "./day-set.ts";
import { parseDateList } from "./parse-date-list.ts";
import { parseIcs } from "./parse-ics.ts";
import { parseWeeklyHours } from "./parse-weekly-hours.ts";
import { resolveTimeZone } from "./resolve-time-zone.ts";
import { createTwentyFourSeven } from "./twenty-four-seven.ts";

// compile-rules.ts takes the built-in calendar from here; its home is twenty-four-seven.ts.
export { TWENTY_FOUR_SEVEN } from "./twenty-four-seven.ts";

/** The outcome of compiling one calendar: `calendar` is present exactly when `problems` is empty. */
export interface CompiledCalendar {
  calendar?: Calendar;
  problems: CalendarProblem[];
  /** What works but may not be meant: holiday data that ends before the year the rules are used in. */
  warnings?: CalendarProblem[];
}

/** `2026-10-01` as one day's range. */
function dayRange(date: string): DayRange {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const n = toDayNumber(year, month, day);
  return { first: n, last: n };
}

/**
 * Compile the calendar declared as `name`. `icsText` is the text of the file named by `spec.ics`,
 * read by the caller (the core reads no files); without it, the file's holidays are not used.
 * Problem paths are relative to the spec: `["hours", "mon-fri"]`, `["holidays", 2]`, `["ics"]`.
 */
export function compileCalendar(name: string, spec: CalendarInput, icsText?: string, countries?: CountryHolidayLookup): CompiledCalendar {
  if (spec === "24x7") return { calendar: createTwentyFourSeven(name), problems: [] };
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    const found = JSON.stringify(spec) ?? String(spec);
    return {
      problems: [{ path: [], message: `expected "24x7" or a calendar like {timezone: Asia/Shanghai, hours: {mon-fri: 09:00-18:00}}, found ${found}` }],
    };
  }
  const problems: CalendarProblem[] = [];
  const zone = resolveTimeZone(spec.timezone);
  if ("message" in zone) problems.push({ path: ["timezone"], message: zone.message });
  const { week, problems: hourProblems } = parseWeeklyHours(spec.hours);
  problems.push(...hourProblems);
  // `holidays: { country: CN }` alone, or countries among the dates of a list.
  const holidayList: unknown = isCountryRef(spec.holidays) ? [spec.holidays] : spec.holidays;
  const listed = parseDateList(holidayList, "holidays", isCountryRef);
  const countryRanges: DayRange[] = [];
  const countryWorkdays: DayRange[] = [];
  const countryNotes: string[] = [];
  const warnings: CalendarProblem[] = [];
  (Array.isArray(holidayList) ? holidayList : []).forEach((item: unknown, index) => {
    if (!isCountryRef(item)) return;
    const path = isCountryRef(spec.holidays) ? ["holidays", "country"] : ["holidays", index, "country"];
    if (typeof item.country !== "string" || item.country.trim() === "") {
      problems.push({ path, message: `expected a country code like CN, US or GB, found ${JSON.stringify(item.country) ?? String(item.country)}` });
      return;
    }
    if (countries === undefined) {
      problems.push({ path, message: `expected holiday data to look ${item.country} up in, found none given to this loader; list the dates under holidays instead` });
      return;
    }
    const found = countries(item.country.trim(), item.region?.trim());
    if ("problem" in found) {
      problems.push({ path: item.region !== undefined && /region/.test(found.problem) ? [...path.slice(0, -1), "region"] : path, message: found.problem });
      return;
    }
    countryRanges.push(...found.holidays.map(dayRange));
    countryWorkdays.push(...found.workdays.map(dayRange));
    const region = item.region === undefined ? "" : `-${item.region.trim()}`;
    countryNotes.push(`${item.country.trim().toUpperCase()}${region} holidays ${found.firstYear}–${found.lastYear}${found.workdays.length > 0 ? " with make-up days" : ""} (${found.source})`);
    if (found.warning !== undefined) warnings.push({ path, message: found.warning });
  });
  const workdayList = parseDateList(spec.workdays, "workdays");
  problems.push(...listed.problems, ...workdayList.problems);

  const ics = icsText === undefined ? undefined : parseIcs(icsText);
  for (const problem of ics?.problems ?? []) {
    const at = spec.ics === undefined ? `line ${problem.line}` : `${spec.ics}:${problem.line}`;
    problems.push({ path: ["ics"], message: `${at}: ${problem.message}` });
  }

  const listedHolidays = createDaySet(listed.ranges);
  const holidays = createDaySet([...listed.ranges, ...countryRanges, ...(ics?.ranges ?? [])], ics?.yearly ?? []);
  for (const range of workdayList.ranges) {
    const clashes: number[] = [];
    for (let day = range.first; day <= range.last; day++) if (holidays.has(day)) clashes.push(day);
    const firstClash = clashes[0];
    if (firstClash === undefined) continue;
    const where = listedHolidays.has(firstClash) ? "" : ` (in ${spec.ics ?? "the ics file"})`;
    const first = formatDayNumber(firstClash);
    let message = `${first} is listed both as a holiday${where} and as a working day`;
    if (clashes.length === 2) message = `${first} and ${formatDayNumber(clashes[1] as number)} are listed both as holidays and as working days`;
    if (clashes.length > 2) message = `${first} and ${clashes.length - 1} more dates are listed both as holidays and as working days`;
    problems.push({ path: ["workdays", range.index], message });
  }
  if (problems.length > 0 || "message" in zone) return { problems };

  // The standard day: the first weekday with hours (make-up days get it; `bd` counts it).
  const standardDay = [0, 1, 2, 3, 4, 5, 6].map((d) => week[d] ?? []).find((hours) => hours.length > 0) ?? [];
  const calendar = createBusinessCalendar({
    name,
    timezone: zone.timezone,
    week,
    standardDay,
    holidays,
    // The country's make-up days, except those the file lists as holidays: its own dates win.
    workdays: createDaySet([...workdayList.ranges, ...countryWorkdays.filter((r) => !listedHolidays.has(r.first))]),
    notes: countryNotes,
  });
  return { calendar, problems: [], ...(warnings.length > 0 ? { warnings } : {}) };
}
