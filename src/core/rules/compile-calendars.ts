/** The `calendars:` section → named business calendars, 24x7 built in. */
import type { Calendar } from "../calendar/calendar.ts";
import { compileCalendar, TWENTY_FOUR_SEVEN } from "../calendar/compile-calendar.ts";
import type { CompileIO, CompileOutput, DataPath } from "./compile-context.ts";
import { undeclaredName } from "./diagnostics.ts";
import type { RuleFileOutput } from "./schema.ts";

export interface CompiledCalendars {
  calendars: Map<string, Calendar>;
  /** The calendar of that name; an undeclared one is reported (once per reference) and counts as 24x7. */
  calendarRef: (name: string, path: DataPath) => Calendar;
}

export function compileCalendars(spec: RuleFileOutput["calendars"], io: CompileIO, out: CompileOutput): CompiledCalendars {
  const calendars = new Map<string, Calendar>([["24x7", TWENTY_FOUR_SEVEN]]);
  // Declared with problems of their own: references to them add nothing.
  const broken = new Set<string>();
  for (const [name, calendar] of Object.entries(spec ?? {})) {
    let ics: string | undefined;
    if (typeof calendar === "object" && calendar.ics !== undefined) {
      ics = io.readRelative(calendar.ics, ["calendars", name, "ics"]);
      if (ics === undefined) out.problems.push({ path: ["calendars", name, "ics"], message: `expected an .ics file, found no file at ${JSON.stringify(calendar.ics)}` });
    }
    const compiled = compileCalendar(name, calendar, ics, io.countryHolidays);
    for (const w of compiled.warnings ?? []) out.warnings.push({ path: ["calendars", name, ...w.path], message: w.message });
    for (const p of compiled.problems) {
      // A key the merged calendar lacks is pointed at the calendar's name.
      const lacking = typeof calendar === "object" && p.path.length === 1 && calendar[p.path[0] as keyof typeof calendar] === undefined;
      out.problems.push({ path: ["calendars", name, ...p.path], message: p.message, ...(lacking ? { atKey: true } : {}) });
    }
    if (compiled.calendar) calendars.set(name, compiled.calendar);
    else broken.add(name);
  }
  const calendarRef = (name: string, path: DataPath): Calendar => {
    const calendar = calendars.get(name);
    if (calendar) return calendar;
    if (!broken.has(name)) {
      out.problems.push({ path, message: undeclaredName("calendar", name, [...calendars.keys(), ...broken]), ref: { kind: "calendar", name } });
    }
    return TWENTY_FOUR_SEVEN;
  };
  return { calendars, calendarRef };
}
