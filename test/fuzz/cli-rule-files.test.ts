/**
 * Fuzz: `shepherd validate`, `plan` and `test` as processes, on hostile rule and rule-test files.
 * Whatever the files say, the exit code is 0 or 2 (1 for rule tests that fail), stderr carries
 * only located diagnostics (`file:line:col: …`) and summary lines, never a stack trace. Processes
 * are slow, so files are checked several to a process (validate and test take many paths).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { fuzzParameters, fuzzTimeout } from "./fuzz-settings.ts";
import { hostileRuleText, mutatedText } from "./mutate-yaml.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin", "shepherd.js");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const SEEDS = [read("rules/support.yml"), read("rules/example.yml"), read("test/fakes/jira/rules.yml")];
const RULE_TESTS = read("rules/support.test.yml");
const SNAPSHOT = join(ROOT, "test/fixtures/snapshots/github-small.json");
const dir = mkdtempSync(join(tmpdir(), "shepherd-fuzz-cli-"));

afterAll(() => rmSync(dir, { recursive: true, force: true }));


interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let written = 0;
/** Write each text to a new file in the work folder; their paths, relative to it. */
function writeAll(texts: readonly string[], suffix: string): string[] {
  return texts.map((text) => {
    const name = `case-${++written}${suffix}`;
    writeFileSync(join(dir, name), text);
    return name;
  });
}

/** Lines a run may write to stderr: diagnostics of the files it was given, and its summaries. */
const ALLOWED = [/^[^\s:][^:\n]*:\d+:\d+: \S/, /^shepherd: \d+ problem\(s\) in the rules; nothing was read or written\.$/, /^shepherd test: /];

function checkRun(result: Run, codes: readonly number[]): void {
  const context = `exit ${String(result.code)}\n--- stderr\n${result.stderr.slice(0, 4000)}`;
  expect(codes, context).toContain(result.code);
  expect(result.stderr, context).not.toMatch(/^\s+at .+[:(]\d+:\d+\)?$|internal error|^\w*Error:|\(node:\d+\) \w*Warning/m);
  for (const line of result.stderr.split("\n")) {
    if (line === "") continue;
    expect(ALLOWED.some((pattern) => pattern.test(line)), `unexpected stderr line ${JSON.stringify(line.slice(0, 300))}\n${context}`).toBe(true);
  }
}

describe("fuzz: the CLI as a process", () => {
  it("validate: hostile rule files, ten to a process, exit 0 or 2 with located diagnostics", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileRuleText(SEEDS), { minLength: 10, maxLength: 10 }), async (texts) => {
        const files = writeAll(texts, ".yml");
        checkRun(await run(["validate", ...files]), [0, 2]);
      }),
      fuzzParameters(6, 0x5e9d11),
    );
  }, fuzzTimeout(6 * 8000));

  it("plan: a hostile rule file against a small snapshot, exit 0 or 2", async () => {
    await fc.assert(
      fc.asyncProperty(mutatedText(SEEDS), async (text) => {
        const [file] = writeAll([text], ".yml");
        checkRun(await run(["plan", "--rules", file as string, "--tracker", `file:${SNAPSHOT}`, "--now", "2026-03-11T10:00:00+08:00"]), [0, 2]);
      }),
      fuzzParameters(4, 0x5e9d12),
    );
  }, fuzzTimeout(4 * 8000));

  it("test: hostile rule-test files, six to a process, exit 0, 1 (cases failed) or 2", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutatedText([RULE_TESTS]), { minLength: 6, maxLength: 6 }), async (texts) => {
        const files = writeAll(texts, ".test.yml");
        checkRun(await run(["test", ...files]), [0, 1, 2]);
      }),
      fuzzParameters(4, 0x5e9d13),
    );
  }, fuzzTimeout(4 * 8000));
});
