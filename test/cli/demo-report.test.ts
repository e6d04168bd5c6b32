/**
 * `npm run demo` as a reader meets it: the script's own command as a process. Its figures must
 * add up (the table's columns to its total row, open and closed to the issues counted, breached
 * and at risk to the last line) and every mark in it must be in the legend.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
// The audit, the script's first command (the month's review follows it: test/report/demo-review.test.ts).
const script = ((JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { scripts: { demo: string } }).scripts.demo.split(" && ")[0] as string);

function demo(): string {
  // The script's words after `node`, run by this Node 24.
  const args = script.replace(/^node\s+/, "").split(/\s+/);
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return run.stdout;
}

describe("npm run demo", () => {
  const text = demo();
  const lines = text.split("\n");

  it("has an SLA table whose columns add up to its total row, and whose open and closed issues are all the issues counted", () => {
    const start = lines.findIndex((l) => l.startsWith("SLA by priority"));
    const header = (lines[start + 1] ?? "").trim().split(/\s+/);
    expect(header).toEqual(["priority", "open", "running", "at-risk", "breached", "paused", "met", "closed"]);
    const rows: string[][] = [];
    for (let i = start + 2; /^ {2}\S/.test(lines[i] ?? ""); i++) rows.push((lines[i] ?? "").trim().split(/\s+/));
    const total = rows.at(-1) as string[];
    expect(total[0]).toBe("total");
    const body = rows.slice(0, -1);
    expect(body.length).toBeGreaterThan(1);
    for (let column = 1; column < header.length; column++) {
      expect(Number(total[column]), header[column]).toBe(body.reduce((n, row) => n + Number(row[column]), 0));
    }
    const last = /^(\d+) issue\(s\); .*; (\d+) breached, (\d+) at risk/m.exec(text);
    expect(last).not.toBeNull();
    const [, issues, breached, atRisk] = (last as RegExpExecArray).map(Number);
    const at = (name: string) => Number(total[header.indexOf(name)]);
    expect(at("open") + at("closed")).toBe(issues);
    expect(at("closed")).toBeGreaterThan(0);
    expect(at("breached")).toBe(breached);
    expect(at("at-risk")).toBe(atRisk);
    // Why a row's states add up to more than its open issues, and what "closed" counts.
    expect(text).toMatch(/counts once in each state one of its clocks is in/);
    expect(text).toMatch(/closed: issues closed recently/);
  });

  it("explains every mark its issue lines use", () => {
    const legend = lines.find((l) => l.startsWith("legend: "));
    expect(legend).toBeDefined();
    const marks = new Set(lines.filter((l) => /^ {4}[ ✓✗…] [+\-~★=→↺✕] /.test(l)).map((l) => (l.trim().replace(/^[✓✗…] /, "")).charAt(0)));
    expect(marks.size).toBeGreaterThan(2);
    for (const mark of marks) expect(legend, mark).toContain(`${mark} `);
    expect(text).toMatch(/breached \+\d+m/);
    expect(legend).toContain("+25m: that long over the target");
  });
});
