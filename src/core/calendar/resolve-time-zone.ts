/** Checking a time-zone name against the zones Intl knows, with a suggestion for near misses. */
import { editDistance } from "../text/edit-distance.ts";

/** A zone Intl accepts, in its canonical case, or a message saying what was expected. */
export type TimeZoneCheck = { timezone: string } | { message: string };

// Names people write that are not IANA zones.
const ALIASES: Readonly<Record<string, string>> = {
  beijing: "Asia/Shanghai",
  "asia/beijing": "Asia/Shanghai",
  peking: "Asia/Shanghai",
  china: "Asia/Shanghai",
};

/** Resolve an IANA time-zone name (case-insensitively, as Intl does). */
export function resolveTimeZone(name: unknown): TimeZoneCheck {
  const expected = "expected an IANA time zone like Asia/Shanghai or Europe/London";
  if (typeof name !== "string" || name.trim() === "") {
    return { message: `${expected}, found ${name === undefined ? "nothing" : JSON.stringify(name)}` };
  }
  try {
    // Keep the name as written (Intl would turn Asia/Kolkata into Asia/Calcutta), except its case.
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
    return { timezone: resolved.toLowerCase() === name.toLowerCase() ? resolved : name };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  const suggestion = closestTimeZone(name);
  return { message: `${expected}, found ${JSON.stringify(name)}${suggestion ? ` (did you mean ${suggestion}?)` : ""}` };
}

/** The known zone nearest to a mistyped name, if one is near enough to be a likely typo. */
export function closestTimeZone(name: string): string | undefined {
  const wanted = name.trim().toLowerCase().replaceAll(" ", "_");
  const alias = ALIASES[wanted];
  if (alias !== undefined) return alias;
  // UTC+8, GMT-05:30: a fixed offset, which Intl spells +08:00.
  const offset = /^(?:utc|gmt)([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(wanted);
  if (offset !== null) return `${offset[1]}${(offset[2] ?? "").padStart(2, "0")}:${offset[3] ?? "00"}`;
  let best: string | undefined;
  // About one typo per four letters; short names must be nearly exact.
  let bestDistance = Math.max(1, Math.floor(wanted.length / 4)) + 1;
  for (const zone of ["UTC", ...Intl.supportedValuesOf("timeZone")]) {
    const lower = zone.toLowerCase();
    const city = lower.slice(lower.lastIndexOf("/") + 1);
    const distance = Math.min(editDistance(wanted, lower), wanted.includes("/") ? Infinity : editDistance(wanted, city));
    if (distance < bestDistance) {
      best = zone;
      bestDistance = distance;
    }
  }
  return best;
}
