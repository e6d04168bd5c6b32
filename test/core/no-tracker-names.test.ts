/**
 * The core decides from a tracker's declared capabilities, never from its name, so that a new
 * tracker touches its own folder and one registration and nothing in `src/core`. This test reads
 * every source file of the core and fails on the words "github" or "jira" (any case) in code:
 * identifiers, string and template text, regular expressions. Comments are not code and are left
 * out. What is allowed is the rule file's own format, which names trackers by design and is pinned:
 * `rules/schema.ts` and `rules/json-schema.ts` (the rule file's keys and the descriptions users
 * read), and in the compile steps that read the rule file's per-tracker keys (`rules/compile-fields.ts`,
 * `compile-groups.ts`, `compile-priority.ts`, `compile-rules.ts`) only those keys being read (`.github`,
 * `.jira`, `github:` / `jira:` as the field sources' ids, `"github-field"`) and the rule file's
 * documented default bot login. The `alerts:` section names the tracker alert issues are opened
 * on, by design: its schema, its compiled form (which the server reads to pick the adapter) and its
 * compile step, whose diagnostics name the section's per-tracker keys, are the format too.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { GITHUB_CAPABILITIES } from "../../src/github/capabilities.ts";
import { JIRA_CAPABILITIES } from "../../src/jira/capabilities.ts";
import { RULE_TEST_CAPABILITIES } from "../../src/rule-tests/issue-from-spec.ts";

const CORE = join(import.meta.dirname, "../../src/core");
const NAME = /\b(github|jira)\b/gi;
const FORMAT_FILES = new Set(["rules/schema.ts", "rules/json-schema.ts", "alerts/alerts-schema.ts", "alerts/alerts-rule.ts", "rules/compile-alerts.ts"]);
const COMPILE = "rules/compile-rules.ts";
/** The compile steps of the sections with per-tracker keys. */
const COMPILE_FILES = new Set([COMPILE, "rules/compile-fields.ts", "rules/compile-groups.ts", "rules/compile-priority.ts"]);
/** The rule file's per-tracker keys as the compile steps read them. */
const FORMAT_KEY = /^(?:\??\.(?:github|jira)\b|(?:github|jira):|"github-field"|"github-actions\[bot\]")/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/**
 * The text with comments blanked out (same length, so offsets and line numbers hold). Strings,
 * template literals and regular expression literals are kept: they are code.
 */
function withoutComments(text: string): string {
  let out = "";
  let i = 0;
  // Whether a `/` here starts a regular expression rather than a division.
  let regexAllowed = true;
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      const end = text.indexOf("\n", i);
      const stop = end === -1 ? text.length : end;
      out += " ".repeat(stop - i);
      i = stop;
    } else if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else if (c === '"' || c === "'" || c === "`" || (c === "/" && regexAllowed)) {
      let j = i + 1;
      let inClass = false;
      while (j < text.length) {
        const d = text[j];
        if (d === "\\") j += 2;
        else if (c === "/" && (d === "[" || d === "]")) {
          inClass = d === "[";
          j++;
        }
        else if (d === c && !inClass) break;
        else if (d === "\n" && c !== "`") break;
        else j++;
      }
      out += text.slice(i, j + 1);
      i = j + 1;
      regexAllowed = false;
    } else {
      out += c;
      if (!/\s/.test(c)) regexAllowed = /[(,=:[!&|?{};+\-*%<>~^]/.test(c) || /\b(?:return|typeof|case|of|in)$/.test(out);
      i++;
    }
  }
  return out;
}

/** Each place in `file` (relative to src/core) that names a tracker where the core may not. */
function trackerNames(file: string, text: string): string[] {
  if (FORMAT_FILES.has(file)) return [];
  const code = withoutComments(text);
  const found: string[] = [];
  for (const match of code.matchAll(NAME)) {
    const at = match.index;
    if (COMPILE_FILES.has(file)) {
      const before = code.slice(Math.max(0, at - 2), at);
      const from = before.endsWith("?.") ? at - 2 : before.endsWith(".") ? at - 1 : before.endsWith('"') ? at - 1 : at;
      if (FORMAT_KEY.test(code.slice(from))) continue;
    }
    const line = code.slice(0, at).split("\n").length;
    const column = at - code.lastIndexOf("\n", at - 1);
    found.push(`src/core/${file}:${line}:${column}: ${text.split("\n")[line - 1]?.trim() ?? ""}`);
  }
  return found;
}

describe("the core names no tracker", () => {
  it("no src/core file names GitHub or Jira outside comments and the rule file's own format", () => {
    const found = sources(CORE).flatMap((path) => trackerNames(relative(CORE, path).split("\\").join("/"), readFileSync(path, "utf8")));
    expect(found, "decide from Issue.capabilities (TrackerCapabilities) instead").toEqual([]);
  });

  it("finds a name in code, in a string and in a regular expression, and none in comments", () => {
    const text = [
      "// github in a line comment",
      "/* jira in a block comment */",
      'if (issue.tracker === "jira") x();',
      "const kind = github;",
      "const re = /jira/i;",
      "const url = 'http://example.com'; // GitHub",
    ].join("\n");
    expect(trackerNames("engine/x.ts", text).map((f) => f.split(": ")[0])).toEqual([
      "src/core/engine/x.ts:3:24",
      "src/core/engine/x.ts:4:14",
      "src/core/engine/x.ts:5:13",
    ]);
  });

  it("a rule test's tracker has the capabilities its adapter declares", () => {
    expect(RULE_TEST_CAPABILITIES).toEqual({ github: GITHUB_CAPABILITIES, jira: JIRA_CAPABILITIES });
  });

  it("allows the rule file's keys where it is compiled, and nothing else there", () => {
    const text = 'const s = { github: list(spec.github?.section), jira: spec.jira };\nconst d = data.priority?.["github-field"];\nif (issue.tracker === "github") y();';
    expect(trackerNames(COMPILE, text).map((f) => f.split(": ")[0])).toEqual(["src/core/rules/compile-rules.ts:3:24"]);
  });
});
