/**
 * The SLA story of one demo issue told by `shepherd plan` at four instants: a P1 opened at
 * 09:52 with no answer is running at 10:00, at risk at 10:15, breached and escalated (level 1)
 * at 10:25, and — once level 1 has been posted — at level 2 an hour later. Levels fire one at
 * a time: a plan at 11:25 on the untouched snapshot posts level 1 only.
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { shepherd } from "./github-snapshot.ts";

interface PlanJson {
  issues: { clocks: { clock: string; state: string }[]; operations: { operation: { kind: string; key?: string; keys?: string[]; labels?: string[] } }[] }[];
}

async function planAt(time: string, snapshot = "demo/snapshot.json") {
  const run = await shepherd("plan", "--rules", "rules/example.yml", "--tracker", `file:${snapshot}`, "--now", `2026-03-11T${time}+08:00`, "--json", "130");
  expect(run.code).toBe(0);
  const issue = (JSON.parse(run.stdout) as PlanJson).issues[0];
  if (!issue) throw new Error("no issue in the plan");
  return {
    state: issue.clocks.find((c) => c.clock === "first-response")?.state,
    // A digest names every key it carries; a single notice only its `key`.
    keys: issue.operations.flatMap((o) => o.operation.keys ?? (o.operation.key ? [o.operation.key] : [])),
    labels: issue.operations.flatMap((o) => (o.operation.kind === "add-labels" ? (o.operation.labels ?? []) : [])),
  };
}

describe("demo issue #130 through the morning", () => {
  it.each([
    ["10:00:00", "running", [], []],
    ["10:15:00", "at-risk", ["sla/at-risk"], []],
    ["10:25:00", "breached", ["sla/breached"], ["sla-breach/first-response/cycle-1", "escalation/cycle-1/level-1"]],
    ["11:25:00", "breached", ["sla/breached"], ["sla-breach/first-response/cycle-1", "escalation/cycle-1/level-1"]],
  ])("at %s the first response is %s", async (time, state, labels, keys) => {
    const plan = await planAt(time);
    expect(plan.state).toBe(state);
    expect(plan.labels).toEqual(labels);
    expect(plan.keys).toEqual(keys);
  });

  it("level 2 follows an hour after level 1 was posted, and only then", async () => {
    const snapshot = join(mkdtempSync(join(tmpdir(), "shepherd-demo-")), "snapshot.json");
    copyFileSync("demo/snapshot.json", snapshot);
    const audit = await shepherd("audit", "--rules", "rules/example.yml", "--tracker", `file:${snapshot}`, "--now", "2026-03-11T10:25:00+08:00");
    expect(audit.code).toBe(0);
    expect((await planAt("11:24:00", snapshot)).keys).toEqual([]);
    const later = await planAt("11:25:00", snapshot);
    expect(later.state).toBe("breached");
    expect(later.labels).toEqual(["escalated"]);
    expect(later.keys).toEqual(["escalation/cycle-1/level-2"]);
  });
});
