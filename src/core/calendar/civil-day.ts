/**
 * Civil (proleptic Gregorian) dates as day numbers: whole days since 1970-01-01. A day number
 * names a local date, independent of any time zone; the calendar maps it to instants.
 */

/** Milliseconds in a 24-hour day. */
export const DAY_MS = 86_400_000;

/** A civil date. `month` is 1–12. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** The day number of a civil date (1970-01-01 is 0). Out-of-range months and days are not checked. */
export function toDayNumber(year: number, month: number, day: number): number {
  // Howard Hinnant's days_from_civil: no Date, so years 0–99 need no special care.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The civil date of a day number. */
export function toCivilDate(dayNumber: number): CivilDate {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Day of the week of a day number: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

/** Is this a real date (no 2026-02-30)? */
export function isCivilDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const back = toCivilDate(toDayNumber(year, month, day));
  return back.year === year && back.month === month && back.day === day;
}

/** `2026-10-01` for a day number. */
export function formatDayNumber(dayNumber: number): string {
  const { year, month, day } = toCivilDate(dayNumber);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
