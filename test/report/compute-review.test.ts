/**
 * The review's figures against answers worked out by hand, on the example team file (business
 * hours 09:00–12:00 and 13:00–18:00 in Asia/Shanghai; P2 first response 4 h, P1 on 24x7).
 */
import { describe, expect, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import type { Issue } from "../../src/core/model.ts";
import { computeReview } from "../../src/report/compute-review.ts";
import { parsePeriod, type Period } from "../../src/report/period.ts";
import type { ClockRow } from "../../src/report/review.ts";
import { at, issue, reply, team } from "./core-issues.ts";

const rules = readRules(new URL("../../rules/example.yml", import.meta.url).pathname).rules;
if (!rules) throw new Error("rules/example.yml does not load");
const march = parsePeriod("2026-03-01", "2026-03-31", "Asia/Shanghai") as Period;
const review = (issues: Issue[], now = at("2026-04-01 12:00")) => computeReview({ issues, rules, period: march, now, tracker: "test" });
const row = (rows: readonly ClockRow[], clock: string, priority: string) => rows.find((r) => r.clock === clock && r.priority === priority);

// Monday 2026-03-02, created 10:00: answered at these local times, i.e. after these business minutes.
const ANSWERS: [string, number][] = [
  ["10:30", 30],
  ["11:00", 60],
  ["11:30", 90],
  ["12:40", 120], // lunch does not count
  ["13:30", 150],
  ["14:00", 180],
  ["14:59", 239],
  ["16:00", 300], // breached from here on
  ["18:00", 420],
  ["2026-03-03 10:00", 480],
];
const tenP2 = ANSWERS.map(([time, _minutes], n) =>
  issue({ id: n + 1, created: "2026-03-02 10:00", labels: ["priority/P2", "category/software"], assignees: [n % 2 === 0 ? "li-wei" : "sam-ortiz"], comments: [reply("li-wei", time.includes("-") ? time : `2026-03-02 ${time}`)] }),
);

describe("computeReview", () => {
  it("ten P2 issues, seven answered within 4 business hours: metRate 0.7, median and p90 in whole business minutes", () => {
    const r = review(tenP2);
    expect(row(r.clocks, "first-response", "P2")).toEqual({ clock: "first-response", priority: "P2", count: 10, met: 7, breached: 3, metRate: 0.7, medianBusinessMinutes: 165, p90BusinessMinutes: 420, medianWallMinutes: 225, p90WallMinutes: 480 });
    // Wall time counts lunch and the night: 30, 60, 90, 160, 210, 240, 299, 360, 480 and 1440 minutes.
    expect(r.issues).toEqual({ created: 10, closed: 0, open: 10, reopened: 0 });
    expect(r.mtta).toEqual({ count: 10, meanBusinessMinutes: Math.floor(ANSWERS.reduce((s, [, m]) => s + m, 0) / 10) });
    expect(r.byPriority.find((p) => p.priority === "P2")).toEqual({ priority: "P2", count: 10, breached: 3, breachRate: 0.3 });
    expect(r.byCategory).toEqual([{ category: "software", count: 10, breached: 3, breachRate: 0.3 }]);
    // Breached: answers 8, 9, 10 — the 8th and 10th issues are sam-ortiz's, the 9th li-wei's.
    expect(r.byAssignee).toEqual([
      { assignee: "sam-ortiz", count: 5, breached: 2, breachRate: 0.4 },
      { assignee: "li-wei", count: 5, breached: 1, breachRate: 0.2 },
    ]);
    expect(r.backlog.total).toBe(10);
    expect(r.backlog.byAge.find((b) => b.age === "7–30 d")).toEqual({ age: "7–30 d", count: 10, byPriority: { P0: 0, P1: 0, P2: 10, P3: 0 } });
    expect(r.feedback).toEqual({ asked: 0, answered: 0, positive: 0, negative: 0, responseRate: null, positiveShare: null });
  });

  it("a clock counts in the period it stopped in: an answer on 1 April belongs to April, a February one to February", () => {
    const late = issue({ id: 1, created: "2026-03-31 17:00", comments: [reply("li-wei", "2026-04-01 09:30")] });
    const early = issue({ id: 2, created: "2026-02-27 17:00", comments: [reply("li-wei", "2026-03-02 09:30")] });
    const before = issue({ id: 3, created: "2026-02-26 10:00", comments: [reply("li-wei", "2026-02-26 10:45")] });
    const r = review([late, early, before]);
    // 17:00–18:00 Fri 27 Feb, then 09:00 Sat 28 Feb (a make-up working day) to 18:00 = 8 h, then 09:00–09:30 Mon: 570 min, breached.
    expect(row(r.clocks, "first-response", "P2")).toMatchObject({ count: 1, met: 0, breached: 1, medianBusinessMinutes: 570 });
    expect(row(r.previous.clocks, "first-response", "P2")).toMatchObject({ count: 1, met: 1, medianBusinessMinutes: 45 });
    expect(r.issues.created).toBe(1);
    expect(r.previous.issues.created).toBe(2);
    expect(r.previous.period).toEqual({ from: "2026-02-01", to: "2026-02-28", timezone: "Asia/Shanghai" });
  });

  it("judges a clock at the instant it stopped: a priority raised afterwards does not make a met P3 answer a breached P1 one", () => {
    const raised = issue({
      id: 1,
      created: "2026-03-03 09:00",
      labels: ["priority/P1"],
      comments: [reply("li-wei", "2026-03-03 11:00")],
      history: [
        { kind: "labeled", at: at("2026-03-03 09:00"), actor: team("li-wei"), label: "priority/P3" },
        { kind: "unlabeled", at: at("2026-03-03 14:00"), actor: team("li-wei"), label: "priority/P3" },
        { kind: "labeled", at: at("2026-03-03 14:00"), actor: team("li-wei"), label: "priority/P1" },
      ],
    });
    const r = review([raised]);
    expect(row(r.clocks, "first-response", "P3")).toMatchObject({ count: 1, met: 1, breached: 0, medianBusinessMinutes: 120 });
    expect(row(r.clocks, "first-response", "P1")).toMatchObject({ count: 0 });
  });

  it("counts each resolution cycle once: closed, reopened by the reporter, closed again; a reopen within the grace continues the cycle", () => {
    const reopened = issue({
      id: 1,
      created: "2026-03-04 09:00",
      labels: ["priority/P3", "category/account"],
      comments: [reply("chen-jing", "2026-03-04 09:10")],
      closed: "2026-03-05 11:00",
      history: [
        { kind: "closed", at: at("2026-03-04 12:00"), actor: team("chen-jing"), reason: "completed" },
        { kind: "reopened", at: at("2026-03-05 09:00"), actor: { id: "reporter" } },
        { kind: "closed", at: at("2026-03-05 11:00"), actor: team("chen-jing"), reason: "completed" },
      ],
    });
    const quick = issue({
      id: 2,
      created: "2026-03-04 09:00",
      labels: ["priority/P3"],
      comments: [reply("chen-jing", "2026-03-04 09:10")],
      history: [
        { kind: "closed", at: at("2026-03-04 10:00"), actor: team("chen-jing"), reason: "completed" },
        { kind: "reopened", at: at("2026-03-04 10:05"), actor: { id: "reporter" } },
      ],
    });
    const r = review([reopened, quick]);
    expect(row(r.clocks, "resolution", "P3")).toEqual({ clock: "resolution", priority: "P3", count: 2, met: 2, breached: 0, metRate: 1, medianBusinessMinutes: 150, p90BusinessMinutes: 180, medianWallMinutes: 150, p90WallMinutes: 180 });
    expect(r.issues).toEqual({ created: 2, closed: 2, open: 1, reopened: 2 });
    expect(r.reopenRate).toBe(1);
    expect(r.mttr).toEqual({ count: 2, meanBusinessMinutes: 150 });
    expect(r.resolutionTimes.find((b) => b.label === "1–4 h")?.count).toBe(2);
  });

  it("counts a close as it happened, although the closure checklist would have reopened it, and leaves out issues closed before the period", () => {
    const p1 = issue({ id: 1, created: "2026-03-03 09:00", labels: ["priority/P1", "category/network"], assignees: ["oncall-zhang"], comments: [reply("oncall-zhang", "2026-03-03 09:20")], closed: "2026-03-03 11:00" });
    const old = issue({ id: 2, created: "2026-01-05 10:00", closed: "2026-01-10 10:00", comments: [reply("li-wei", "2026-01-05 10:30")] });
    const r = review([p1, old]);
    expect(row(r.clocks, "first-response", "P1")).toMatchObject({ count: 1, met: 1, medianBusinessMinutes: 20 });
    expect(row(r.clocks, "resolution", "P1")).toMatchObject({ count: 1, met: 1, medianBusinessMinutes: 120 });
    expect(r.issues).toEqual({ created: 1, closed: 1, open: 0, reopened: 0 });
    expect(r.byAssignee).toEqual([{ assignee: "oncall-zhang", count: 2, breached: 0, breachRate: 0 }]);
  });

  it("stands at --now for a period that has not ended: nothing after it is known", () => {
    const r = review(tenP2, at("2026-03-02 12:00"));
    // By noon three answers were in (10:30, 11:00, 11:30); the 12:40 one had not been written.
    expect(row(r.clocks, "first-response", "P2")).toMatchObject({ count: 3, met: 3, breached: 0 });
    expect(r.asOf).toBe(new Date(at("2026-03-02 12:00")).toISOString());
  });
});
