/** Checking a time-zone name against the zones Intl knows, with a suggestion for near misses. */

/** The canonical spelling of a zone Intl accepts, or a message saying what was expected. */
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
    return { timezone: new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone };
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
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(wanted.length / 4)) + 1;
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

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost));
    }
    prev = row;
  }
  return prev[b.length] as number;
}
