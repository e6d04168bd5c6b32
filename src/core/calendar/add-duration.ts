/** Adding a rule-file duration (`4h`, `3bd`, `1bd4h`) in a calendar. */
import type { Duration } from "../rules/duration.ts";
import type { Calendar } from "./calendar.ts";

/**
 * The instant `d` of business time after `start`: d.ms business ms plus d.businessDays standard
 * working days (`cal.dayMs` each), rounded to whole milliseconds.
 */
export function addDuration(cal: Calendar, start: number, d: Duration): number {
  return cal.add(start, Math.round(d.ms + d.businessDays * cal.dayMs));
}
