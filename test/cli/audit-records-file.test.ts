/**
 * Where `shepherd audit` and `plan` keep their packed records: a temporary file in TMPDIR that is
 * gone as soon as it is opened (the real command in a child process, on a copy of the demo
 * snapshot). Nothing is left behind after a run; a TMPDIR that cannot take the file is a plain
 * run failure that names the place and what to do, before anything is written.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/shepherd.js", import.meta.url));
const demo = fileURLToPath(new URL("../../demo/snapshot.json", import.meta.url));
const example = fileURLToPath(new URL("../../rules/example.yml", import.meta.url));
const NOW = "2026-03-11T10:00:00+08:00";

function shepherd(args: string[], temporary: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", TMPDIR: temporary },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

describe("the audit's records file", () => {
  it("leaves nothing in TMPDIR, and the report is the one a plan of the same snapshot shows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shepherd-records-test-"));
    const temporary = join(dir, "tmp");
    mkdirSync(temporary);
    const snapshot = join(dir, "snapshot.json");
    copyFileSync(demo, snapshot);
    const plan = await shepherd(["plan", "--json", "--rules", example, "--tracker", `file:${snapshot}`, "--now", NOW], temporary);
    expect(plan.stderr).toBe("");
    expect(plan.code).toBe(0);
    expect(readdirSync(temporary)).toEqual([]);
    const audit = await shepherd(["audit", "--json", "--rules", example, "--tracker", `file:${snapshot}`, "--now", NOW], temporary);
    expect(audit.stderr).not.toMatch(/internal error/);
    expect(readdirSync(temporary)).toEqual([]);
    type Line = { id: string; operations: { operation: unknown; status: string }[] };
    const planned = (JSON.parse(plan.stdout) as { issues: Line[] }).issues;
    const applied = (JSON.parse(audit.stdout) as { issues: Line[] }).issues;
    // Every change planned was applied, issue by issue, and the snapshot now holds them.
    expect(applied.map((line) => line.id)).toEqual(planned.map((line) => line.id));
    expect(applied.flatMap((line) => line.operations.map((entry) => entry.operation))).toEqual(planned.flatMap((line) => line.operations.map((entry) => entry.operation)));
    expect(applied.flatMap((line) => line.operations).every((entry) => entry.status === "applied")).toBe(true);
    expect(readFileSync(snapshot, "utf8")).not.toBe(readFileSync(demo, "utf8"));
  });

  it("says where and what to do when TMPDIR cannot take the file, and changes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shepherd-records-test-"));
    const snapshot = join(dir, "snapshot.json");
    copyFileSync(demo, snapshot);
    const missing = join(dir, "no-such-directory");
    const run = await shepherd(["audit", "--rules", example, "--tracker", `file:${snapshot}`, "--now", NOW], missing);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot keep the audit's records in ${missing}`);
    expect(run.stderr).toMatch(/ENOENT.*point TMPDIR at a disk with room/s);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readFileSync(snapshot, "utf8")).toBe(readFileSync(demo, "utf8"));
  });
});
