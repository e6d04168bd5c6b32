/**
 * How rule files combine when one extends another: mappings merge key by key, lists replace,
 * own rules merge by name, a few settings replace as a whole, and `null` removes a setting.
 */

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);

/**
 * Settings a file replaces as a whole instead of merging into the extended one: merged key by
 * key they would mean something nobody wrote.
 */
export function replacesWhole(path: readonly (string | number)[]): boolean {
  const last = path[path.length - 1];
  // A condition has exactly one key: `{label: x}` over `{all: […]}` is a new condition.
  if (last === "when" || last === "pause-when") return true;
  // Weekday keys overlap (mon-fri, mon-thu, fri): new hours are a new week.
  return path.length === 3 && path[0] === "calendars" && path[2] === "hours";
}

/** Deep merge: mappings merge key by key, lists replace, except `rules` which merge by name. */
export function mergeRuleData(base: Plain, over: Plain, path: readonly string[] = []): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) {
    let prev = out[key];
    const at = [...path, key];
    if (path.length === 0 && key === "rules" && Array.isArray(prev) && Array.isArray(value)) {
      const byName = new Map<string, unknown>();
      for (const rule of [...(prev as unknown[]), ...(value as unknown[])]) byName.set(String((rule as Plain)["name"]), rule);
      out[key] = [...byName.values()];
      continue;
    }
    // A group written as a list takes more settings (pick) as `{members: […]}`.
    if (path.length === 1 && path[0] === "groups" && Array.isArray(prev) && isPlain(value)) prev = { members: prev };
    out[key] = isPlain(prev) && isPlain(value) && !replacesWhole(at) ? mergeRuleData(prev, value, at) : value;
  }
  return out;
}

/** `data` without the setting at `path` (a `null` in a later file), or undefined when it has none there. */
export function removeSetting(data: Plain, path: readonly string[]): Plain | undefined {
  const [key, ...rest] = path;
  if (key === undefined || !Object.hasOwn(data, key)) return undefined;
  if (rest.length === 0) {
    const kept = { ...data };
    delete kept[key];
    return kept;
  }
  const child = data[key];
  const next = isPlain(child) ? removeSetting(child, rest) : undefined;
  return next === undefined ? undefined : { ...data, [key]: next };
}
