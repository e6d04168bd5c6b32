/** `shepherd explain`: its header shows the instant in the team's zone, as every other time it prints. */
import { describe, expect, it } from "vitest";
import { shepherd } from "../e2e/github-snapshot.ts";

const rules = new URL("../../rules/example.yml", import.meta.url).pathname;
const snapshot = new URL("../../demo/snapshot.json", import.meta.url).pathname;

describe("shepherd explain", () => {
  it("shows --now in the team's zone", async () => {
    const run = await shepherd("explain", "--rules", rules, "--tracker", `file:${snapshot}`, "--now", "2026-03-11T02:00:00Z", "124");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[1]).toMatch(/ · at 2026-03-11 10:00 \+08:00$/);
  });

  it("names the zone and the calendar of each priority, in text and JSON", async () => {
    const run = await shepherd("explain", "--rules", rules, "--tracker", `file:${snapshot}`, "--now", "2026-03-11T02:00:00Z", "124");
    expect(run.stdout.split("\n")[2]).toMatch(/^times in Asia\/Shanghai; P0, P1 on 24x7 \(every hour of every day\); P2, P3 on business \(Asia\/Shanghai, mon-fri /);
    const json = await shepherd("explain", "--json", "--rules", rules, "--tracker", `file:${snapshot}`, "--now", "2026-03-11T02:00:00Z", "124");
    const time = (JSON.parse(json.stdout) as { time: { zone: string; calendars: { name: string; timezone: string; priorities: string[] }[] } }).time;
    expect(time.zone).toBe("Asia/Shanghai");
    expect(time.calendars.map((c) => [c.name, c.timezone, c.priorities.join(",")])).toEqual([
      ["24x7", "UTC", "P0,P1"],
      ["business", "Asia/Shanghai", "P2,P3"],
    ]);
  });
});
