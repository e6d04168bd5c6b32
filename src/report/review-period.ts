/**
 * The period a scheduled review covers: the ISO week (Monday to Sunday) or the calendar month
 * in the team's calendar zone — the last complete one before the run's day, or the one that
 * holds it so far — with the name its issue is titled and keyed by (`2026-W14`, `2026-03`).
 */
import { DAY_MS, toCivilDate, toDayNumber, weekdayOf } from "../core/calendar/civil-day.ts";
import { zoneOffsets } from "../core/calendar/zone-offsets.ts";
import { periodOfDays, type Period } from "./period.ts";

/** How long a review's period is. */
export type ReviewSpan = "week" | "month";

/** Which period of that length: the last complete one, or the one the run's day is in. */
export type ReviewWhich = "last" | "current";

/** A named period of a scheduled review. */
export interface NamedPeriod {
  /** `2026-W14` (ISO week-numbering year and week) or `2026-03`. */
  name: string;
  period: Period;
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** The local day (day number) that holds instant `now` in `timeZone`. */
export function dayOf(now: number, timeZone: string): number {
  return Math.floor((now + zoneOffsets(timeZone).offsetAt(now)) / DAY_MS);
}

/** The ISO week name of the week that starts on Monday `monday`: the year of its Thursday. */
export function isoWeekName(monday: number): string {
  const thursday = monday + 3;
  const year = toCivilDate(thursday).year;
  const week = Math.floor((thursday - toDayNumber(year, 1, 1)) / 7) + 1;
  return `${year}-W${pad(week)}`;
}

/** The week or month the review of a run at `now` covers, in `timeZone`. */
export function reviewPeriod(span: ReviewSpan, which: ReviewWhich, now: number, timeZone: string): NamedPeriod {
  const today = dayOf(now, timeZone);
  if (span === "week") {
    const monday = today - weekdayOf(today) - (which === "last" ? 7 : 0);
    return { name: isoWeekName(monday), period: periodOfDays(monday, monday + 6, timeZone) };
  }
  const { year, month } = toCivilDate(today);
  const index = year * 12 + (month - 1) - (which === "last" ? 1 : 0);
  const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
  const first = toDayNumber(y, m, 1);
  const next = m === 12 ? toDayNumber(y + 1, 1, 1) : toDayNumber(y, m + 1, 1);
  return { name: `${y}-${pad(m)}`, period: periodOfDays(first, next - 1, timeZone) };
}
