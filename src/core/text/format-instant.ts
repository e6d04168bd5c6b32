/** Instants as a team reads them: local wall-clock time in the team's zone, with the offset. */
import { toCivilDate } from "../calendar/civil-day.ts";
import { zoneOffsets } from "../calendar/zone-offsets.ts";
import type { Calendar } from "../calendar/calendar.ts";
import type { Rules } from "../rules/rules.ts";

/** `00` … `99`, made once: padding two digits is most of formatting an instant. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const pad = (n: number) => (n >= 0 && n < 100 ? (TWO_DIGITS[n] as string) : String(n).padStart(2, "0"));
const DAY_MS = 86_400_000;
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
/** The range of a JavaScript Date; beyond it the Date path says what it always said. */
const DATE_LIMIT_MS = 8.64e15;

/** `2026-03-11 09:35 +08:00`; cheap, because zone offsets are cached and no Date is made. */
export function formatInstant(t: number, timeZone: string): string {
  if (!Number.isFinite(t)) return "never";
  const offset = zoneOffsets(timeZone).offsetAt(t);
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const zone = `${offset < 0 ? "-" : "+"}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  const at = t + offset;
  if (!(Math.abs(at) <= DATE_LIMIT_MS)) {
    const local = new Date(at);
    return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())} ${zone}`;
  }
  const dayNumber = Math.floor(at / DAY_MS);
  const { year, month, day } = toCivilDate(dayNumber);
  const minuteOfDay = Math.floor((at - dayNumber * DAY_MS) / 60_000);
  return `${year}-${pad(month)}-${pad(day)} ${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)} ${zone}`;
}

/**
 * A due instant as a lead reads it next to "3 h left": `Thu 14:00` within a week of `now`, else
 * `Thu 2026-10-15 14:00` — local time in `timeZone`, which the report names once.
 */
export function formatDue(t: number, now: number, timeZone: string): string {
  if (!Number.isFinite(t)) return "never";
  const zone = zoneOffsets(timeZone);
  const local = new Date(t + zone.offsetAt(t));
  const today = Math.floor((now + zone.offsetAt(now)) / DAY_MS);
  const day = Math.floor(local.getTime() / DAY_MS);
  const weekday = WEEKDAYS[local.getUTCDay()] as string;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  if (Math.abs(day - today) < 7) return `${weekday} ${time}`;
  return `${weekday} ${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${time}`;
}

/** The zone to show times in: that of the first business calendar, else UTC. */
export function displayZone(rules: Rules): string {
  for (const calendar of rules.calendars.values()) if (calendar.timezone !== "UTC") return calendar.timezone;
  return "UTC";
}

/** A calendar the clocks count on, as reports name it. */
export interface CalendarInUse {
  name: string;
  /** IANA zone of its hours and dates (`UTC` for 24x7). */
  timezone: string;
  /** Business ms of one working day: how its durations are shown (24 h on 24x7). */
  businessDayMs: number;
  /** `business (UTC, mon-fri 09:00-18:00, 23 holidays, 6 make-up days)`. */
  description: string;
  /** The priority levels whose clocks count on it (`sla.calendar`); empty when only a clock names it. */
  priorities: string[];
  /** Its time zone comes from a preset (`extends: support`), not from the team's own file. */
  presetZone: boolean;
}

/** The time zone reports are shown in and the calendars the clocks count on. */
export interface TimeSettings {
  zone: string;
  calendars: CalendarInUse[];
}

/** Which calendars the clocks count on, and the zone instants are shown in. */
export function timeSettings(rules: Rules): TimeSettings {
  const used = new Map<string, { calendar: Calendar; priorities: string[] }>();
  const add = (calendar: Calendar, priority?: string): void => {
    const entry = used.get(calendar.name) ?? { calendar, priorities: [] };
    if (priority !== undefined && !entry.priorities.includes(priority)) entry.priorities.push(priority);
    used.set(calendar.name, entry);
  };
  for (const level of rules.priority.levels) {
    const calendar = rules.sla.calendars.get(level.name);
    if (calendar !== undefined) add(calendar, level.name);
  }
  for (const clock of rules.sla.clocks) for (const calendar of clock.calendars.values()) add(calendar);
  const calendars = [...used.values()].map(({ calendar, priorities }) => ({
    name: calendar.name,
    timezone: calendar.timezone,
    businessDayMs: calendar.dayMs,
    description: calendar.describe(),
    priorities,
    presetZone: calendar.dayMs < DAY_MS && rules.locate?.(["calendars", calendar.name, "timezone"]).preset === true,
  }));
  return { zone: displayZone(rules), calendars };
}

/**
 * One line naming the zone and calendars: `times in UTC (the preset's zone — set
 * calendars.business.timezone); P0, P1 on 24x7 (every hour of every day); P2, P3 on business (UTC,
 * mon-fri 09:00-18:00)`.
 */
export function describeTimeSettings(time: TimeSettings): string {
  const fromPreset = time.calendars.filter((c) => c.presetZone && c.timezone === time.zone);
  const zone = fromPreset.length > 0 ? `${time.zone} (the preset's zone — set ${fromPreset.map((c) => `calendars.${c.name}.timezone`).join(", ")})` : time.zone;
  const calendars = time.calendars.map((c) => (c.priorities.length > 0 ? `${c.priorities.join(", ")} on ${c.description}` : c.description));
  return [`times in ${zone}`, ...calendars].join("; ");
}
