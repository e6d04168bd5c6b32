/** Instants as a team reads them: local wall-clock time in the team's zone, with the offset. */
import { zoneOffsets } from "../calendar/zone-offsets.ts";
import type { Rules } from "../rules/rules.ts";

const pad = (n: number) => String(n).padStart(2, "0");

/** `2026-03-11 09:35 +08:00`; cheap, because zone offsets are cached. */
export function formatInstant(t: number, timeZone: string): string {
  if (!Number.isFinite(t)) return "never";
  const offset = zoneOffsets(timeZone).offsetAt(t);
  const local = new Date(t + offset);
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const sign = offset < 0 ? "-" : "+";
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())} ${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** The zone to show times in: that of the first business calendar, else UTC. */
export function displayZone(rules: Rules): string {
  for (const calendar of rules.calendars.values()) if (calendar.timezone !== "UTC") return calendar.timezone;
  return "UTC";
}
