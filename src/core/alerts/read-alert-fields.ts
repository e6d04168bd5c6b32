/**
 * Checks shared by the readers of alert payloads: maps of strings, RFC 3339 times, optional text.
 * Each check records a problem as `path: expected …, found …` and answers a usable value, so that
 * a reader reports every problem of a payload at once.
 */

/** Where a reader puts what it found wrong. */
export type Problems = string[];

const short = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

/**
 * A short rendering of a found value for a message. A list or an object is named by its size and
 * first keys, never serialised: a payload nested thousands deep would overflow the stack.
 */
export function found(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value);
    return short(`an object {${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", …" : ""}}`);
  }
  return short(JSON.stringify(value) ?? typeof value);
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A map of label or annotation names to text (absent: empty). */
export function stringMap(value: unknown, path: string, problems: Problems): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    problems.push(`${path}: expected an object of names to text, found ${found(value)}`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string") out[key] = item;
    else if (typeof item === "number" || typeof item === "boolean") out[key] = String(item);
    else problems.push(`${path}.${key}: expected text, found ${found(item)}`);
  }
  return out;
}

/** Optional text (absent or empty: undefined). */
export function optionalText(value: unknown, path: string, problems: Problems): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string") return value;
  problems.push(`${path}: expected text, found ${found(value)}`);
  return undefined;
}

/**
 * An RFC 3339 time as epoch ms. Alertmanager writes `0001-01-01T00:00:00Z` for "not set": that,
 * like an absent value, is undefined. Required times that are missing are problems.
 */
export function instant(value: unknown, path: string, problems: Problems, required: boolean): number | undefined {
  if (value === undefined || value === null || value === "") {
    if (required) problems.push(`${path}: expected an RFC 3339 time such as 2026-03-01T09:30:00Z, found nothing`);
    return undefined;
  }
  const ms = typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    problems.push(`${path}: expected an RFC 3339 time such as 2026-03-01T09:30:00Z, found ${found(value)}`);
    return undefined;
  }
  if (ms <= 0) {
    if (required) problems.push(`${path}: expected a time after 1970, found ${found(value)}`);
    return undefined;
  }
  return ms;
}

/** `firing` or `resolved`. */
export function alertStatus(value: unknown, path: string, problems: Problems): "firing" | "resolved" {
  if (value === "firing" || value === "resolved") return value;
  problems.push(`${path}: expected "firing" or "resolved", found ${found(value)}`);
  return "firing";
}
