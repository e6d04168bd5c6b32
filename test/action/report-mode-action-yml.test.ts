/**
 * action.yml is what GitHub reads before it runs anything: it must parse as YAML, and declare every
 * input the Action reads (with the defaults the code falls back to) and every output it sets.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const manifest = parse(readFileSync(join(ROOT, "action.yml"), "utf8"), { prettyErrors: true }) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
};
const sources = readdirSync(join(ROOT, "src/action"))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => readFileSync(join(ROOT, "src/action", f), "utf8"))
  .join("\n");
const used = (re: RegExp): string[] => [...new Set([...sources.matchAll(re)].map((m) => m[1] as string))].sort();

describe("action.yml", () => {
  it("declares every input the Action reads", () => {
    const read = used(/(?:getInput|choice)\(env, "([a-z-]+)"/g);
    for (const name of read) expect(Object.keys(manifest.inputs), name).toContain(name);
    expect(read).toEqual(expect.arrayContaining(["mode", "period", "which-period", "report-label"]));
  });

  it("declares every output the Action sets", () => {
    const set = used(/setOutput\("([a-z-]+)"/g);
    expect(set).toEqual(expect.arrayContaining(["report", "report-issue", "report-issue-url", "report-html"]));
    for (const name of set) expect(Object.keys(manifest.outputs), name).toContain(name);
  });

  it("gives the report mode's inputs the defaults the code falls back to", () => {
    expect(manifest.inputs.mode?.default).toBe("process");
    expect(manifest.inputs.period?.default).toBe("week");
    expect(manifest.inputs["which-period"]?.default).toBe("last");
    expect(manifest.inputs["report-label"]?.default).toBe("support-review");
  });
});
