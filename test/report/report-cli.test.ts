/**
 * `shepherd report` as a user runs it: the CLI as a process over a snapshot whose March review
 * is known by hand (march-seed.ts), in all four formats, and its usage errors.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Review } from "../../src/report/review.ts";
import { marchSnapshot } from "./march-seed.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "shepherd-report-"));
const snapshot = join(dir, "snapshot.json");
const snapshotText = marchSnapshot();
writeFileSync(snapshot, snapshotText);
const RULES = join(root, "rules/example.yml");
const MARCH = ["--rules", RULES, "--tracker", `file:${snapshot}`, "--from", "2026-03-01", "--to", "2026-03-31", "--now", "2026-04-01T12:00:00+08:00"];

function shepherd(...args: string[]) {
  const run = spawnSync(process.execPath, [join(root, "bin/shepherd.js"), "report", ...args], { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("shepherd report", () => {
  const json = shepherd(...MARCH, "--format", "json");

  it("prints the pinned JSON with the figures worked out by hand", () => {
    expect(json.stderr).toBe("");
    expect(json.status).toBe(0);
    const r = JSON.parse(json.stdout) as Review;
    expect(r.period).toEqual({ from: "2026-03-01", to: "2026-03-31", timezone: "Asia/Shanghai" });
    expect(r.issues).toEqual({ created: 12, closed: 2, open: 11, reopened: 1 });
    const clock = (name: string, priority: string) => r.clocks.find((c) => c.clock === name && c.priority === priority);
    expect(clock("first-response", "P2")).toEqual({ clock: "first-response", priority: "P2", count: 10, met: 7, breached: 3, metRate: 0.7, medianBusinessMinutes: 165, p90BusinessMinutes: 420, medianWallMinutes: 225, p90WallMinutes: 480 });
    expect(clock("first-response", "P1")).toMatchObject({ count: 1, met: 1, medianBusinessMinutes: 20 });
    expect(clock("first-response", "P3")).toMatchObject({ count: 1, met: 1, medianBusinessMinutes: 10 });
    expect(clock("resolution", "P1")).toMatchObject({ count: 1, met: 1, medianBusinessMinutes: 120 });
    expect(clock("resolution", "P3")).toMatchObject({ count: 2, met: 2, medianBusinessMinutes: 150, p90BusinessMinutes: 180 });
    expect(clock("resolution", "P2")).toMatchObject({ count: 0, metRate: null });
    expect(r.mtta).toEqual({ count: 12, meanBusinessMinutes: Math.floor((2069 + 20 + 10) / 12) });
    expect(r.mttr).toEqual({ count: 3, meanBusinessMinutes: 140 });
    expect(r.byCategory).toEqual([
      { category: "software", count: 10, breached: 3, breachRate: 0.3 },
      { category: "account", count: 3, breached: 0, breachRate: 0 },
      { category: "network", count: 2, breached: 0, breachRate: 0 },
    ]);
    expect(r.byAssignee.map((a) => [a.assignee, a.count, a.breached])).toEqual([
      ["sam-ortiz", 5, 2],
      ["li-wei", 5, 1],
      ["(unassigned)", 3, 0],
      ["oncall-zhang", 2, 0],
    ]);
    expect(r.backlog.byAge.map((b) => b.count)).toEqual([0, 0, 0, 10, 1]);
    expect(r.feedback).toMatchObject({ asked: 0, answered: 0, positive: 0, negative: 0 });
    // February beside it: #13 created, answered in 60 min and resolved in 480; #14 answered in 30.
    expect(r.previous.issues).toEqual({ created: 2, closed: 1, open: 1, reopened: 0 });
    expect(r.previous.clocks.find((c) => c.clock === "first-response" && c.priority === "P2")).toMatchObject({ count: 2, met: 2, medianBusinessMinutes: 45 });
    expect(r.previous.mttr).toEqual({ count: 1, meanBusinessMinutes: 480 });
    expect(r.previous.backlog.byAge.map((b) => b.count)).toEqual([0, 0, 1, 0, 0]);
  });

  it("prints the same figures as Markdown for a person", () => {
    const md = shepherd(...MARCH);
    expect(md.status).toBe(0);
    expect(md.stdout).toMatch(/^# Support review 2026-03-01 – 2026-03-31$/m);
    expect(md.stdout).toContain("| 12 (2) | 2 (1) | 11 (1) | 1 (0) | 50% (0%) | 2 h 54 min (45 min) | 2 h 20 min (8 h) |");
    expect(md.stdout).toContain("| first-response | P2 | 10 | 7 | 3 | 70% | 2 h 45 min | 7 h | 100% |");
    expect(md.stdout).toContain("| sam-ortiz | 5 | 2 | 40% | – |");
  });

  it("writes one CSV table with a row per figure, the previous period's after", () => {
    const out = join(dir, "march.csv");
    const csv = shepherd(...MARCH, "--format", "csv", "--out", out);
    expect(csv.status).toBe(0);
    expect(csv.stdout).toBe("");
    const lines = readFileSync(out, "utf8").split("\r\n");
    expect(lines[0]).toBe("period_from,period_to,timezone,section,item,priority,metric,value");
    expect(lines).toContain("2026-03-01,2026-03-31,Asia/Shanghai,clock,first-response,P2,met_rate,0.7");
    expect(lines).toContain("2026-03-01,2026-03-31,Asia/Shanghai,clock,first-response,P2,p90_business_minutes,420");
    expect(lines).toContain("2026-03-01,2026-03-31,Asia/Shanghai,assignee,(unassigned),,count,3");
    expect(lines).toContain("2026-02-01,2026-02-28,Asia/Shanghai,mttr,,,mean_business_minutes,480");
    expect(lines.filter((l) => l !== "").every((l) => l.split(",").length === 8)).toBe(true);
  });

  it("writes one self-contained HTML page: inline SVG charts, nothing loaded from elsewhere", () => {
    const out = join(dir, "march.html");
    const html = shepherd(...MARCH, "--format", "html", "--out", out);
    expect(html.status).toBe(0);
    expect(html.stderr).toContain(`wrote the report of 2026-03-01 – 2026-03-31 (Asia/Shanghai) to ${out}`);
    const page = readFileSync(out, "utf8");
    expect(page.match(/<svg /g)?.length).toBe(4);
    expect(page).not.toMatch(/<script|<link|\bsrc=|url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
  });

  it.each([
    [["--format", "pdf"], '--format: expected md, json, csv or html, found "pdf"'],
    [["--from", "2026-03-32"], '--from: expected a real date as YYYY-MM-DD (the first day of the period), found "2026-03-32"'],
    [["--to", "2026-02-01"], "--to: expected a day on or after --from 2026-03-01, found 2026-02-01; swap the two dates"],
    [["--out", "/nonexistent-folder/r.html"], "--out /nonexistent-folder/r.html: expected an existing folder /nonexistent-folder, found none; create it first or choose another path"],
    [["--out", "."], "--out .: expected a file name, found a folder at"],
    [["--tracker", "file:missing.json"], "--tracker file:missing.json: expected a snapshot file at"],
    [["extra"], 'report: expected only options (--rules, --tracker, --from, --to, --format, --out), found "extra"'],
  ])("exits 2 on %j, saying what was expected and found", (override, message) => {
    const args = [...MARCH];
    for (let i = 0; i < override.length; i += 2) {
      const name = override[i] as string;
      const at = args.indexOf(name);
      if (!name.startsWith("--")) args.push(name);
      else if (at >= 0) args[at + 1] = override[i + 1] as string;
      else args.push(name, override[i + 1] as string);
    }
    const run = shepherd(...args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 without --from, and on rules that do not load, naming the line", () => {
    const missing = shepherd("--rules", RULES, "--tracker", `file:${snapshot}`, "--to", "2026-03-31");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("missing --from: expected a date as YYYY-MM-DD");
    const bad = join(dir, "bad.yml");
    writeFileSync(bad, "extends: support\nsla: { warn-at: lots }\n");
    const invalid = shepherd("--rules", bad, "--tracker", `file:${snapshot}`, "--from", "2026-03-01", "--to", "2026-03-31");
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/bad\.yml:2:\d+: /);
  });

  it("exits 1 when the report cannot be written after all (a full disk), saying so", () => {
    const run = shepherd(...MARCH, "--out", "/dev/full");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/could not write the report to \/dev\/full \(.*ENOSPC.*\); nothing else was written/);
  });

  it("leaves the snapshot as it was", () => {
    expect(readFileSync(snapshot, "utf8")).toBe(snapshotText);
  });
});
