/**
 * The review's period: two dates in the team's calendar zone, `to` inclusive, as the instants
 * [start, end) they cover, and the period before it that the report sets beside.
 */
import { formatDayNumber, isCivilDate, toCivilDate, toDayNumber, DAY_MS } from "../core/calendar/civil-day.ts";
import { zoneOffsets } from "../core/calendar/zone-offsets.ts";

/** A period of whole local days. */
export interface Period {
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** Last day (inclusive), `YYYY-MM-DD`. */
  to: string;
  /** IANA zone the days are read in. */
  timezone: string;
  /** The instant the first day begins. */
  start: number;
  /** The instant after the last day ends (exclusive). */
  end: number;
}

/** Why two dates do not make a period: which option, what was expected, what was found. */
export interface PeriodProblem {
  option: "--from" | "--to";
  message: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a `YYYY-MM-DD` date, or undefined when it is not a real date. */
export function parseDay(text: string): number | undefined {
  const match = DATE_RE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isCivilDate(year, month, day) ? toDayNumber(year, month, day) : undefined;
}

/** The instant local midnight of day `dayNumber` falls on in `timeZone` (DST-aware). */
export function startOfDay(dayNumber: number, timeZone: string): number {
  const zone = zoneOffsets(timeZone);
  const local = dayNumber * DAY_MS;
  // A second round settles the offset when the day begins next to a change of offset.
  const first = local - zone.offsetAt(local);
  return local - zone.offsetAt(first);
}

/** The period of days [fromDay, toDay] in `timeZone`. */
export function periodOfDays(fromDay: number, toDay: number, timeZone: string): Period {
  return { from: formatDayNumber(fromDay), to: formatDayNumber(toDay), timezone: timeZone, start: startOfDay(fromDay, timeZone), end: startOfDay(toDay + 1, timeZone) };
}

/** Read `--from` and `--to` as a period in `timeZone`, or say what is wrong with them. */
export function parsePeriod(fromText: string, toText: string, timeZone: string): Period | PeriodProblem {
  const fromDay = parseDay(fromText);
  if (fromDay === undefined) return { option: "--from", message: `--from: expected a real date as YYYY-MM-DD (the first day of the period, in ${timeZone}), found ${JSON.stringify(fromText)}` };
  const toDay = parseDay(toText);
  if (toDay === undefined) return { option: "--to", message: `--to: expected a real date as YYYY-MM-DD (the last day of the period, included, in ${timeZone}), found ${JSON.stringify(toText)}` };
  if (toDay < fromDay) return { option: "--to", message: `--to: expected a day on or after --from ${fromText}, found ${toText}; swap the two dates` };
  return periodOfDays(fromDay, toDay, timeZone);
}

/** Is this a problem rather than a period? */
export const isPeriodProblem = (value: Period | PeriodProblem): value is PeriodProblem => "message" in value;

const lastDayOfMonth = (year: number, month: number): number => toDayNumber(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - 1;

/**
 * The period before: whole calendar months when the period is whole months (March → February),
 * else as many days, ending the day before.
 */
export function previousPeriod(period: Period): Period {
  const fromDay = parseDay(period.from) as number;
  const toDay = parseDay(period.to) as number;
  const first = toCivilDate(fromDay);
  const last = toCivilDate(toDay);
  if (first.day === 1 && toDay === lastDayOfMonth(last.year, last.month)) {
    const months = (last.year - first.year) * 12 + (last.month - first.month) + 1;
    const index = first.year * 12 + (first.month - 1) - months;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    return periodOfDays(toDayNumber(year, month, 1), fromDay - 1, period.timezone);
  }
  const days = toDay - fromDay + 1;
  return periodOfDays(fromDay - days, fromDay - 1, period.timezone);
}
