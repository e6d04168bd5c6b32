/**
 * Arbitraries of hostile rule files: real files mutated line by line (deleted, duplicated,
 * swapped, re-indented, values replaced with other types, YAML aliases, anchors, merges and
 * tags), truncated, sprinkled with random bytes, or rewritten with a wrong value at some path.
 */
import fc from "fast-check";
import { parse, stringify } from "yaml";

/** YAML values of every kind, to put where a scalar was. */
export const hostileScalars: readonly string[] = [
  "0", "-1", "1.5", "1e999", "-.inf", ".nan", "0x1F", "0o17", "null", "~", "true", "no", "[]", "{}", "[a, b]", "{a: 1}",
  "[[[[[[[[[[]]]]]]]]]]", "{a: {b: {c: {d: {}}}}}", "''", '""', '"\\u0000"', '"\\ud800"', "x".repeat(20_000), "😀".repeat(500),
  "影响范围", "\u202e\u200b", "*a", "*missing", "&a x", "&a [*a]", "&a {b: *a}", "<<: *a", "!!binary aGVsbG8=", "!!int x",
  "!!map", "!!seq", "!!str", "!!float abc", "!!timestamp 2026-02-30", "!custom 1", "|", ">-", "|\n  a\n  b", "? k", "- x",
  "---", "...", "%YAML 1.2", "# comment", '"unterminated', "'", "{", "[", "@", "`", "2026-03-11", "12:30", "1bd", "0m", "-5m",
  "999999999999999999999d", "100%", "1000%", "-1%", "P0", "support", "../../../../etc/passwd", "/dev/zero", "\t",
];

/** Keys to put in place of a key (real ones in the wrong place, near-misses, YAML oddities). */
const hostileKeys: readonly string[] = [
  "extends", "rules", "sla", "clocks", "targets", "groups", "escalation", "levels", "fields", "priority", "intake", "closure",
  "calendars", "categories", "when", "then", "all", "any", "not", "<<", "? x", "'quoted key'", "1", "null", "__proto__",
  "constructor", "toString", "hasOwnProperty", "valueOf", "&a key", "*a", "[a]", "{a: 1}",
];

type Mutation =
  | { kind: "delete" | "duplicate"; at: number }
  | { kind: "swap"; at: number; with: number }
  | { kind: "indent"; at: number; by: number; tab: boolean }
  | { kind: "value"; at: number; value: string }
  | { kind: "key"; at: number; key: string }
  | { kind: "insert"; at: number; line: string }
  | { kind: "truncate"; at: number }
  | { kind: "bytes"; at: number; text: string }
  | { kind: "alias-bomb" };

const scalarOrRandom = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...hostileScalars) }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) }, { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) });
const position = fc.nat({ max: 10_000 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constantFrom("delete" as const, "duplicate" as const), at: position }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("swap" as const), at: position, with: position }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("indent" as const), at: position, by: fc.integer({ min: -6, max: 6 }), tab: fc.boolean() }) },
  { weight: 20, arbitrary: fc.record({ kind: fc.constant("value" as const), at: position, value: scalarOrRandom }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("key" as const), at: position, key: fc.oneof(fc.constantFrom(...hostileKeys), fc.string({ maxLength: 12 })) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("insert" as const),
      at: position,
      line: fc.oneof(
        fc.tuple(fc.constantFrom(...hostileKeys), scalarOrRandom, fc.nat({ max: 6 })).map(([k, v, indent]) => `${" ".repeat(indent)}${k}: ${v}`),
        fc.constantFrom(...hostileScalars),
        fc.string({ maxLength: 40 }),
      ),
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: position }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("bytes" as const), at: position, text: fc.oneof(fc.string({ unit: "binary", maxLength: 20 }), fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b).toString("latin1"))) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "alias-bomb" as const }) },
);

/** A line's value part (after `key:` or `- `), if it has one. */
const VALUE = /^(\s*(?:- )?(?:[^:#\s][^:#]*:|-)\s*)(.*)$/;

function apply(text: string, m: Mutation): string {
  if (m.kind === "truncate") return text.slice(0, m.at % (text.length + 1));
  if (m.kind === "bytes") {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.text + text.slice(at);
  }
  if (m.kind === "alias-bomb") {
    // Exponential alias expansion ("billion laughs") in front of the real content.
    const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(", ")}]`);
    return `${lines.join("\n")}\n${text}`;
  }
  const lines = text.split("\n");
  const i = m.at % Math.max(lines.length, 1);
  const line = lines[i] ?? "";
  switch (m.kind) {
    case "delete":
      lines.splice(i, 1);
      break;
    case "duplicate":
      lines.splice(i, 0, line);
      break;
    case "swap": {
      const j = m.with % Math.max(lines.length, 1);
      lines[i] = lines[j] ?? "";
      lines[j] = line;
      break;
    }
    case "indent":
      lines[i] = m.by >= 0 ? (m.tab ? "\t" : " ".repeat(m.by)) + line : line.replace(new RegExp(`^ {0,${-m.by}}`), "");
      break;
    case "value": {
      const found = VALUE.exec(line);
      lines[i] = found ? `${found[1]}${m.value}` : `${line} ${m.value}`;
      break;
    }
    case "key":
      lines[i] = line.replace(/^(\s*(?:- )?)[^:#\s][^:#]*:/, `$1${m.key}:`);
      break;
    case "insert":
      lines.splice(i, 0, m.line);
      break;
  }
  return lines.join("\n");
}

/** A real file with one to eight mutations applied in turn. */
export function mutatedText(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 8 }))
    .map(([seed, mutations]) => mutations.reduce(apply, seed));
}

/** Every path (keys and indices) into a parsed YAML or JSON value. */
export function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

/** `root` with the value at `path` replaced (a copy; `root` is left as it was). */
export function replaceAt(root: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(root)) return (root as unknown[]).map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  if (root !== null && typeof root === "object") {
    return Object.fromEntries(Object.entries(root as Record<string, unknown>).map(([k, v]) => [k, k === head ? replaceAt(v, rest, replacement) : v]));
  }
  return root;
}

/** A value of the wrong type (or the right type, with a strange value) for any setting. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, true, "", "x".repeat(5000), "1bd", "0m", "75%", "P0", "support", [], {}, [null], { "": null }),
  fc.anything({ maxDepth: 3, maxKeys: 4, withNullPrototype: false }),
);

/** A real file parsed, one to four settings replaced by values of other types, and written back. */
export function retypedText(seeds: readonly string[]): fc.Arbitrary<string> {
  const parsed = seeds.map((text) => parse(text) as unknown);
  return fc
    .tuple(fc.nat({ max: parsed.length - 1 }), fc.array(fc.tuple(fc.nat(), anyValue), { minLength: 1, maxLength: 4 }))
    .map(([which, changes]) => {
      let value = parsed[which];
      for (const [pick, replacement] of changes) {
        const all = pathsOf(value);
        value = replaceAt(value, all[pick % all.length] ?? [], replacement);
      }
      return stringify(value, { aliasDuplicateObjects: false });
    });
}

/** Anything at all: random text, or a random YAML document. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.anything({ maxDepth: 4, withNullPrototype: false }).map((v) => stringify(v) ?? ""),
  fc.dictionary(fc.constantFrom(...hostileKeys), anyValue, { maxKeys: 6 }).map((v) => stringify(v) ?? ""),
);

/** Random, mutated and retyped rule text, most of it near the real files. */
export function hostileRuleText(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 5, arbitrary: mutatedText(seeds) }, { weight: 3, arbitrary: retypedText(seeds) }, { weight: 1, arbitrary: randomText });
}
