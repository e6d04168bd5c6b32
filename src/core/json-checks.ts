/**
 * Composable checks for JSON read from files (snapshots, their entries): each reports problems as
 * `path: expected …, found …` and accepts anything it does not look at, so that unknown fields of
 * API objects pass through. One set for the snapshot store and every tracker's entry format.
 */

/** Check a value at a path; push one line per problem. */
export type Check = (value: unknown, path: string, problems: string[]) => void;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** How a found value is named in messages: short, and quoted when it is text. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    const quoted = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    return value === "" ? "an empty string" : quoted;
  }
  return typeof value === "number" || typeof value === "boolean" ? String(value) : typeof value;
}

/** Push `path: expected …, found …`. */
export const fail = (problems: string[], path: string, expected: string, found: unknown): void => {
  problems.push(`${path}: expected ${expected}, found ${describeValue(found)}`);
};

const guard =
  (expected: string, test: (value: unknown) => boolean): Check =>
  (value, path, problems) => {
    if (!test(value)) fail(problems, path, expected, value);
  };

export const string = guard("a string", (value) => typeof value === "string");
export const nonEmptyString = guard("a non-empty string", (value) => typeof value === "string" && value !== "");
export const boolean = guard("true or false", (value) => typeof value === "boolean");
export const integer = guard("a number", (value) => typeof value === "number" && Number.isInteger(value));
export const timestamp = guard("an ISO 8601 timestamp", (value) => typeof value === "string" && !Number.isNaN(Date.parse(value)));
export const anyObject = guard("an object", isRecord);

export const oneOf = (...allowed: string[]): Check =>
  guard(allowed.map((text) => JSON.stringify(text)).join(" or "), (value) => allowed.includes(value as string));

/** Several alternatives under one description; the first whose test matches does the checking. */
export const either =
  (expected: string, ...alternatives: [(value: unknown) => boolean, Check][]): Check =>
  (value, path, problems) => {
    const match = alternatives.find(([test]) => test(value));
    if (match === undefined) fail(problems, path, expected, value);
    else match[1](value, path, problems);
  };

export const nullable =
  (check: Check): Check =>
  (value, path, problems) => {
    if (value !== null) check(value, path, problems);
  };

export const arrayOf =
  (item: Check): Check =>
  (value, path, problems) => {
    if (!Array.isArray(value)) return fail(problems, path, "an array", value);
    (value as unknown[]).forEach((element, index) => item(element, `${path}[${index}]`, problems));
  };

const join = (path: string, key: string): string => (path === "" ? key : `${path}.${key}`);

/**
 * An object whose listed properties, where present, pass their checks. Properties named in
 * `required` must be present; others may be missing (treated as absent).
 */
export const objectWith =
  (properties: Record<string, Check>, required: readonly string[] = []): Check =>
  (value, path, problems) => {
    if (!isRecord(value)) return fail(problems, path, "an object", value);
    for (const [key, check] of Object.entries(properties)) {
      const present = Object.hasOwn(value, key) && value[key] !== undefined;
      if (present) check(value[key], join(path, key), problems);
      else if (required.includes(key)) check(undefined, join(path, key), problems);
    }
  };
