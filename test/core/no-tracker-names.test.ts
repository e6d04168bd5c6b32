/**
 * The core decides from a tracker's declared capabilities and rule settings, never from its name,
 * so that a new tracker touches its own folder and one registration (src/config/trackers.ts) and
 * nothing in `src/core`. This test reads every source file of the core and fails on the words
 * "github" or "jira" (any case) in code: identifiers, string and template text, regular
 * expressions. Comments are not code and are left out. The same is an ESLint rule on src/core
 * (`NO_TRACKER_NAMES` in eslint.config.js), which is shown here to bite on each form.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ESLint, type Linter } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import { GITHUB_CAPABILITIES } from "../../src/github/capabilities.ts";
import { JIRA_CAPABILITIES } from "../../src/jira/capabilities.ts";
import { RULE_TEST_CAPABILITIES } from "../../src/rule-tests/issue-from-spec.ts";

const ROOT = join(import.meta.dirname, "../..");
const CORE = join(ROOT, "src/core");
const NAME = /\b(github|jira)\b/gi;

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

/** Each place in `file` (relative to src/core) that names a tracker. */
function trackerNames(file: string, text: string): string[] {
  const code = withoutComments(text);
  const found: string[] = [];
  for (const match of code.matchAll(NAME)) {
    const at = match.index;
    const line = code.slice(0, at).split("\n").length;
    const column = at - code.lastIndexOf("\n", at - 1);
    found.push(`src/core/${file}:${line}:${column}: ${text.split("\n")[line - 1]?.trim() ?? ""}`);
  }
  return found;
}

type Linted = { rules?: Record<string, unknown> };

/** The `no-restricted-syntax` setting the project's ESLint config gives this file. */
async function restrictedSyntaxOf(file: string): Promise<Linter.RuleEntry | undefined> {
  const config = (await new ESLint({ cwd: ROOT }).calculateConfigForFile(file)) as Linted;
  return config.rules?.["no-restricted-syntax"] as Linter.RuleEntry | undefined;
}

/** ESLint with only the setting the config gives src/core files, so that a sample is linted as one (no type information needed). */
async function coreLinter(): Promise<ESLint> {
  const rule = await restrictedSyntaxOf(join(CORE, "rules/schema.ts"));
  return new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser }, rules: { "no-restricted-syntax": rule ?? "off" } }],
  });
}

describe("the core names no tracker", () => {
  it("no src/core file names GitHub or Jira outside comments", () => {
    const found = sources(CORE).flatMap((path) => trackerNames(relative(CORE, path).split("\\").join("/"), readFileSync(path, "utf8")));
    expect(found, "decide from Issue.capabilities, or declare the setting in the tracker's rule settings (src/<tracker>/rule-settings.ts)").toEqual([]);
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

  it("the lint rule flags a tracker named in an identifier, a key, a string, a template and a regular expression, never in a comment", async () => {
    const text = [
      "// github in a line comment",
      "/* Jira in a block comment */",
      'export const a = issue.tracker === "jira";',
      "export const b = { github: 1 };",
      "export const c = spec.Jira;",
      "export const d = /github/i;",
      "export const e = `on ${a} GitHub`;",
      'export type F = { "github-field": string };',
      "export const ok = { source: 1 };",
    ].join("\n");
    const [result] = await (await coreLinter()).lintText(text, { filePath: join(CORE, "sample.ts") });
    expect(result?.messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? ""}`)).toEqual([
      "3:36 no-restricted-syntax",
      "4:20 no-restricted-syntax",
      "5:23 no-restricted-syntax",
      "6:18 no-restricted-syntax",
      "7:25 no-restricted-syntax",
      "8:19 no-restricted-syntax",
    ]);
  });

  it("the project's ESLint config puts the rule on core files and not on a tracker's folder", async () => {
    expect(JSON.stringify(await restrictedSyntaxOf(join(CORE, "engine/closure.ts")))).toContain("src/core names no tracker");
    expect(JSON.stringify((await restrictedSyntaxOf(join(ROOT, "src/github/rule-settings.ts"))) ?? null)).not.toContain("src/core names no tracker");
  });
});
