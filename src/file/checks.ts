/**
 * The checks of a snapshot file's top level (its `tracker`, `self` and `issues`), reported as
 * `path: expected …, found …`; the issues themselves are checked by their tracker's entry format.
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

export const fail = (problems: string[], path: string, expected: string, found: unknown): void => {
  problems.push(`${path}: expected ${expected}, found ${describeValue(found)}`);
};

const guard =
  (expected: string, test: (value: unknown) => boolean): Check =>
  (value, path, problems) => {
    if (!test(value)) fail(problems, path, expected, value);
  };

export const nonEmptyString = guard("a non-empty string", (value) => typeof value === "string" && value !== "");

export const oneOf = (...allowed: string[]): Check =>
  guard(allowed.map((text) => JSON.stringify(text)).join(" or "), (value) => allowed.includes(value as string));
