/**
 * The demo as a reader meets it: `npm run demo` prints the audit and then the month's review,
 * and `npm run demo:report` writes the HTML review; neither changes the demo snapshot. Each
 * command of the scripts runs as a process with this Node 24.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const scripts = (JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { scripts: Record<string, string> }).scripts;

/** Run a package script's commands in turn (`node …` with this Node), as npm would. */
function run(name: string): { stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  for (const command of (scripts[name] ?? "").split(" && ")) {
    const args = command.replace(/^node\s+/, "").split(/\s+/);
    const child = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
    expect(child.status, `${command}\n${child.stderr}`).toBe(0);
    stdout += child.stdout;
    stderr += child.stderr;
  }
  return { stdout, stderr };
}

describe("the demo's review", () => {
  const snapshot = readFileSync(`${root}/demo/snapshot.json`, "utf8");

  it("npm run demo prints the month's review after the audit, and writes nothing", () => {
    const { stdout, stderr } = run("demo");
    expect(stderr).toBe("");
    const review = stdout.indexOf("# Support review 2026-03-01 – 2026-03-31");
    expect(review).toBeGreaterThan(0);
    expect(stdout.slice(0, review)).toMatch(/\d+ issue\(s\); .*breached/);
    const md = stdout.slice(review);
    expect(md).toContain("figures as of 2026-03-11 10:00 +08:00");
    // The demo's 31 issues were all opened in March; seven are closed, one of them after a reopen.
    expect(md).toMatch(/^\| 31 \(0\) \| 8 \(0\) \| 24 \(0\) \| 1 \(0\) \|/m);
    expect(md).toMatch(/^\| first-response \| P2 \| \d+ \| \d+ \| \d+ \| \d+(\.\d)?% \|/m);
    expect(readFileSync(`${root}/demo/snapshot.json`, "utf8")).toBe(snapshot);
  });

  it("npm run demo:report writes the HTML review of the month", () => {
    rmSync(`${root}/demo/report.html`, { force: true });
    const { stderr } = run("demo:report");
    expect(stderr).toMatch(/wrote the report of 2026-03-01 – 2026-03-31 \(Asia\/Shanghai\) to .*demo\/report\.html/);
    const html = readFileSync(`${root}/demo/report.html`, "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("<title>Support review 2026-03-01 – 2026-03-31</title>");
    expect(readFileSync(`${root}/demo/snapshot.json`, "utf8")).toBe(snapshot);
  });
});
