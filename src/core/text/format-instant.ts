/** Instants as a team reads them: local wall-clock time in the team's zone, with the offset. */
import type { Rules } from "../rules/rules.ts";

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(t: number, timeZone: string): Record<string, string> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "longOffset" });
    formatters.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(t).map((p) => [p.type, p.value]));
}

/** `2026-03-11 09:35 +08:00` */
export function formatInstant(t: number, timeZone: string): string {
  if (!Number.isFinite(t)) return "never";
  const p = partsIn(t, timeZone);
  const offset = (p["timeZoneName"] ?? "GMT").replace(/^GMT$/, "GMT+00:00").replace(/^GMT/, "");
  return `${p["year"]}-${p["month"]}-${p["day"]} ${p["hour"]}:${p["minute"]} ${offset}`;
}

/** The zone to show times in: that of the first business calendar, else UTC. */
export function displayZone(rules: Rules): string {
  for (const calendar of rules.calendars.values()) if (calendar.timezone !== "UTC") return calendar.timezone;
  return "UTC";
}
