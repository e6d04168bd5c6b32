/**
 * A calendar declaration from a rule file (`calendars.<name>`) turned into a working Calendar, or
 * into every problem it has. Never throws for bad input.
 */
import type { CalendarInput } from "../rules/schema.ts";
import type { Calendar, CalendarProblem } from "./calendar.ts";
import { formatDayNumber } from "./civil-day.ts";
import { createBusinessCalendar } from "./create-business-calendar.ts";
import { createDaySet } from "./day-set.ts";
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
}

/**
 * Compile the calendar declared as `name`. `icsText` is the text of the file named by `spec.ics`,
 * read by the caller (the core reads no files); without it, the file's holidays are not used.
 * Problem paths are relative to the spec: `["hours", "mon-fri"]`, `["holidays", 2]`, `["ics"]`.
 */
export function compileCalendar(name: string, spec: CalendarInput, icsText?: string): CompiledCalendar {
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
  const listed = parseDateList(spec.holidays, "holidays");
  const workdayList = parseDateList(spec.workdays, "workdays");
  problems.push(...listed.problems, ...workdayList.problems);

  const ics = icsText === undefined ? undefined : parseIcs(icsText);
  for (const problem of ics?.problems ?? []) {
    const at = spec.ics === undefined ? `line ${problem.line}` : `${spec.ics}:${problem.line}`;
    problems.push({ path: ["ics"], message: `${at}: ${problem.message}` });
  }

  const listedHolidays = createDaySet(listed.ranges);
  const holidays = createDaySet([...listed.ranges, ...(ics?.ranges ?? [])], ics?.yearly ?? []);
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
    workdays: createDaySet(workdayList.ranges),
  });
  return { calendar, problems: [] };
}
