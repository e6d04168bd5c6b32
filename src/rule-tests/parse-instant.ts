/**
 * ISO 8601 instants as users type them (`--now`, times in rule tests): a date, a time and a zone.
 * `Date.parse` alone accepts 2026-02-30 and silently makes it 2026-03-02, and reads a time
 * without a zone in the machine's zone; both would make a run mean something else than was typed.
 */

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/** What an instant must look like, for messages. */
export const INSTANT_EXAMPLE = "2026-03-11T10:00:00+08:00";

/**
 * The instant `text` names, or undefined when it is not a real date and time with a zone
 * (Z or ±hh:mm). Every field is checked, so 2026-02-30 or 24:30 is rejected, not rolled over.
 */
export function parseInstant(text: string): number | undefined {
  const match = ISO_INSTANT.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s = "0", fraction = "0", zone, sign, zh = "0", zm = "0"] = match;
  const fields = [y, mo, d, h, mi].map(Number) as [number, number, number, number, number];
  const [year, month, day, hour, minute] = fields;
  const second = Number(s);
  if (Number(zh) > 23 || Number(zm) > 59) return undefined;
  const utc = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Round-trip the fields: Date.UTC rolls 02-30 over to 03-02 and 10:60 to 11:00.
  const same =
    utc.getUTCFullYear() === year &&
    utc.getUTCMonth() === month - 1 &&
    utc.getUTCDate() === day &&
    utc.getUTCHours() === hour &&
    utc.getUTCMinutes() === minute &&
    utc.getUTCSeconds() === second;
  if (!same) return undefined;
  const offset = zone === "Z" ? 0 : (sign === "-" ? -1 : 1) * (Number(zh) * 60 + Number(zm)) * 60_000;
  const millis = Math.floor(Number(`0.${fraction}`) * 1000);
  return utc.getTime() + millis - offset;
}
