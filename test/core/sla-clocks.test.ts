/**
 * SLA clocks and the escalation ladder from the user's side: an issue and an instant in, the
 * clock states and the plan out; reruns on the changed issue plan nothing new.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import type { IssueSpecInput } from "../../src/rule-tests/test-file-schema.ts";
import { noticeOf } from "./notices.ts";
import { applyInMemory } from "./apply-in-memory.ts";

let counter = 0;
const scratch = mkdtempSync(join(tmpdir(), "shepherd-sla-"));

/** Rules from YAML text (written to a scratch file so `extends: support` resolves as for users). */
function rulesFrom(text: string): Rules {
  const path = join(scratch, `rules-${counter++}.yml`);
  writeFileSync(path, text);
  const { rules, diagnostics } = readRules(path);
  if (!rules) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return rules;
}

const TEAM = { id: "li-wei", association: "MEMBER" };
const PEOPLE = `
calendars: { business: { timezone: Asia/Shanghai } }
groups:
  on-call: [oncall-zhang]
  team-lead: [chen-jing]
  support-manager: [priya-n]
`;
const RULES = rulesFrom(`extends: support\n${PEOPLE}`);
const FORM = "### Impact scope\nall\n### Symptom and error message\nx\n### Start time\nnow\n### Steps to reproduce\n1\n### Environment\nweb";
const at = (local: string) => Date.parse(`${local}+08:00`);

function issue(spec: Partial<IssueSpecInput> & { priority?: string }): Issue {
  const labels = spec.labels ?? [`priority/${spec.priority ?? "P2"}`];
  const created = spec.created ?? "2026-03-06T17:00:00+08:00";
  return issueFromSpec(
    {
      title: spec.title ?? "Report",
      body: spec.body ?? FORM,
      created,
      ...spec,
      labels,
      history: [...labels.map((l) => ({ at: created, labeled: l, by: TEAM })), ...(spec.history ?? [])],
    },
    0,
  );
}

const clock = (i: Issue, name: string, now: number, rules = RULES) => evaluate(i, rules, now).clocks.find((c) => c.clock === name);

describe("first response on a business calendar (P2: 4 business hours, Mon–Fri 09–18 Asia/Shanghai)", () => {
  const opened = issue({ created: "2026-03-06T17:00:00+08:00" }); // a Friday
  it.each([
    ["Friday 17:30", "2026-03-06T17:30:00", "running", 30],
    ["Saturday noon: the weekend does not count", "2026-03-07T12:00:00", "running", 60],
    ["Monday 11:00: 3 of 4 hours, at risk (75%)", "2026-03-09T11:00:00", "at-risk", 180],
    ["Monday 12:00: due, breached", "2026-03-09T12:00:00", "breached", 240],
    ["Monday 15:00", "2026-03-09T15:00:00", "breached", 420],
  ])("%s", (_name, now, state, minutes) => {
    const c = clock(opened, "first-response", at(now));
    expect(c?.state).toBe(state);
    expect(c?.elapsedMs).toBe(minutes * 60_000);
    expect(c?.dueAt).toBe(at("2026-03-09T12:00:00"));
  });

  it("counts only a public comment by a team member who is not the author and not a bot", () => {
    const now = at("2026-03-09T12:30:00");
    const comments = [
      { author: "reporter", at: "2026-03-06T17:10:00+08:00", body: "any news?" },
      { author: { id: "dependabot[bot]", bot: true }, at: "2026-03-06T17:11:00+08:00", body: "bump" },
      { author: TEAM, at: "2026-03-06T17:12:00+08:00", body: "internal note", internal: true },
    ];
    // Internal notes exist only where the tracker has them.
    const withNotes = (i: Issue): Issue => ({ ...i, capabilities: { ...i.capabilities, internalComments: true } });
    expect(clock(withNotes(issue({ comments })), "first-response", now)?.state).toBe("breached");
    const answered = withNotes(issue({ comments: [...comments, { author: TEAM, at: "2026-03-09T09:30:00+08:00", body: "Looking into it" }] }));
    const c = clock(answered, "first-response", now);
    expect(c?.state).toBe("met");
    expect(c?.elapsedMs).toBe(90 * 60_000);
    expect(c?.stoppedAt).toBe(at("2026-03-09T09:30:00"));
  });

  it("a team member who is also the author does not answer their own report", () => {
    const own = issue({ author: TEAM, comments: [{ author: TEAM, at: "2026-03-06T17:10:00+08:00", body: "more detail" }] });
    expect(clock(own, "first-response", at("2026-03-09T12:30:00"))?.state).toBe("breached");
  });
});

describe("pauses while waiting on the reporter", () => {
  it("the resolution clock does not count time with waiting-for-customer, read from the history", () => {
    const waited = issue({
      priority: "P2",
      created: "2026-03-09T09:00:00+08:00",
      history: [
        { at: "2026-03-09T10:00:00+08:00", labeled: "waiting-for-customer", by: TEAM },
        { at: "2026-03-09T13:00:00+08:00", unlabeled: "waiting-for-customer", by: TEAM },
      ],
    });
    const c = clock(waited, "resolution", at("2026-03-09T15:00:00"));
    // 09–10 and 13–15 count: 3 of 24 business hours.
    expect(c?.elapsedMs).toBe(3 * 3_600_000);
    expect(c?.state).toBe("running");
    // 21 business hours left from 15:00 Monday: Mon 15–18 (3), Tue 9 h, Wed 9 h → Wed 18:00.
    expect(c?.dueAt).toBe(at("2026-03-11T18:00:00"));
  });

  it("while paused now, the state says so", () => {
    const waiting = issue({ priority: "P2", created: "2026-03-09T09:00:00+08:00", labels: ["priority/P2", "waiting-for-customer"] });
    expect(clock(waiting, "resolution", at("2026-03-09T15:00:00"))?.state).toBe("paused");
  });
});

describe("P0 and P1 clocks on 24x7", () => {
  it("update: a P1 needs a team comment every 30 minutes; a late one is breached and reminds the assignee", () => {
    const p1 = issue({ priority: "P1", created: "2026-03-11T09:00:00+08:00", assignees: ["sam-ortiz"], comments: [{ author: TEAM, at: "2026-03-11T09:05:00+08:00", body: "on it" }] });
    expect(clock(p1, "update", at("2026-03-11T09:27:00"))?.state).toBe("running");
    expect(clock(p1, "update", at("2026-03-11T09:28:00"))?.state).toBe("at-risk");
    const plan = evaluate(p1, RULES, at("2026-03-11T09:40:00"));
    expect(plan.clocks.find((c) => c.clock === "update")?.state).toBe("breached");
    expect(plan.operations.flatMap(noticeOf)).toContainEqual(expect.objectContaining({ kind: "comment", key: "sla-breach/update/cycle-1/update-1", mentions: ["sam-ortiz"] }));
  });

  it("mitigation: the mitigated label in time meets the clock", () => {
    const p0 = issue({ priority: "P0", created: "2026-03-11T09:00:00+08:00", history: [{ at: "2026-03-11T09:20:00+08:00", labeled: "mitigated", by: TEAM }], labels: ["priority/P0", "mitigated"] });
    expect(clock(p0, "mitigation", at("2026-03-11T10:00:00"))?.state).toBe("met");
  });

  it("resolution: a reopen starts a new cycle, with its own breach notice", () => {
    const reopened = issue({
      priority: "P1",
      created: "2026-03-10T09:00:00+08:00",
      history: [
        { at: "2026-03-10T10:00:00+08:00", closed: "completed", by: TEAM },
        { at: "2026-03-11T09:00:00+08:00", reopened: true, by: "reporter" },
      ],
      comments: [{ author: TEAM, at: "2026-03-10T09:10:00+08:00", body: "### Root cause\nx" }],
    });
    const plan = evaluate(reopened, RULES, at("2026-03-11T13:30:00"));
    const resolution = plan.clocks.find((c) => c.clock === "resolution");
    expect(resolution).toMatchObject({ state: "breached", cycle: 2, elapsedMs: 4.5 * 3_600_000 });
    expect(plan.operations.flatMap(noticeOf)).toContainEqual(expect.objectContaining({ kind: "comment", key: "sla-breach/resolution/cycle-2" }));
  });
});

describe("the escalation ladder", () => {
  const p0 = issue({ priority: "P0", created: "2026-03-11T09:00:00+08:00", assignees: ["li-wei"] });

  it("fires level 1 at the breach and level 2 an hour later, each once, and a rerun does nothing new", () => {
    // First response due 09:15.
    const t1 = at("2026-03-11T09:16:00");
    const plan1 = evaluate(p0, RULES, t1);
    expect(plan1.operations).toContainEqual(expect.objectContaining({ kind: "assign", assignees: ["oncall-zhang"] }));
    expect(plan1.operations.flatMap(noticeOf)).toContainEqual(expect.objectContaining({ kind: "comment", key: "escalation/cycle-1/level-1", mentions: ["oncall-zhang", "chen-jing"] }));
    expect(plan1.operations.flatMap(noticeOf).some((o) => o.kind === "comment" && o.key === "escalation/cycle-1/level-2")).toBe(false);
    const after1 = applyInMemory(p0, plan1, t1);
    expect(evaluate(after1, RULES, t1).operations).toEqual([]);
    // Later the mitigation clock breaches too (its own notice), but the ladder waits for level 2.
    const later = evaluate(after1, RULES, at("2026-03-11T10:14:00")).operations;
    expect(later.flatMap(noticeOf).map((o) => o.kind === "comment" && o.key)).toEqual(["sla-breach/mitigation/cycle-1"]);

    // Level 2 comes its hour after level 1's notice (posted 09:16), not after the due instant.
    expect(evaluate(after1, RULES, at("2026-03-11T10:15:00")).operations.flatMap(noticeOf).some((o) => o.kind === "comment" && o.key === "escalation/cycle-1/level-2")).toBe(false);
    const t2 = at("2026-03-11T10:16:00");
    const plan2 = evaluate(after1, RULES, t2);
    expect(plan2.operations.flatMap(noticeOf)).toContainEqual(expect.objectContaining({ kind: "comment", key: "escalation/cycle-1/level-2", mentions: ["priya-n"] }));
    expect(plan2.operations).toContainEqual(expect.objectContaining({ kind: "add-labels", labels: ["escalated"] }));
    const after2 = applyInMemory(after1, plan2, t2);
    expect(evaluate(after2, RULES, at("2026-03-11T12:00:00")).operations.filter((o) => o.rule === "escalation")).toEqual([]);
  });

  it("an /ack by the person escalated to stops the ladder", () => {
    const t1 = at("2026-03-11T09:16:00");
    const after1 = applyInMemory(p0, evaluate(p0, RULES, t1), t1);
    const acked: Issue = { ...after1, comments: [...after1.comments, { id: "ack", author: { id: "oncall-zhang", association: "MEMBER" }, body: "/ack on it", createdAt: at("2026-03-11T09:20:00"), public: true }] };
    expect(evaluate(acked, RULES, at("2026-03-11T10:30:00")).operations.filter((o) => o.rule === "escalation")).toEqual([]);
    // An /ack by someone else does not count.
    const other: Issue = { ...after1, comments: [...after1.comments, { id: "ack", author: { id: "reporter" }, body: "/ack", createdAt: at("2026-03-11T09:20:00"), public: true }] };
    expect(evaluate(other, RULES, at("2026-03-11T10:30:00")).operations.flatMap(noticeOf).some((o) => o.kind === "comment" && o.key === "escalation/cycle-1/level-2")).toBe(true);
  });

  it("escalates a P1 with no root cause 30 minutes after the first response", () => {
    const p1 = issue({ priority: "P1", created: "2026-03-11T09:00:00+08:00", assignees: ["li-wei"], comments: [{ author: TEAM, at: "2026-03-11T09:10:00+08:00", body: "looking" }, { author: TEAM, at: "2026-03-11T09:35:00+08:00", body: "still looking" }] });
    const early = evaluate(p1, RULES, at("2026-03-11T09:39:00"));
    expect(early.operations.some((o) => o.rule === "escalation")).toBe(false);
    const late = evaluate(p1, RULES, at("2026-03-11T09:41:00"));
    expect(late.operations.flatMap(noticeOf)).toContainEqual(expect.objectContaining({ kind: "comment", key: "escalation/cycle-1/level-1", body: expect.stringContaining("no root cause") as unknown }));
    const noted: Issue = { ...p1, comments: [...p1.comments, { id: "rc", author: { id: "li-wei", association: "MEMBER" }, body: "### Root cause\nA bad deploy", createdAt: at("2026-03-11T09:38:00"), public: true }] };
    expect(evaluate(noted, RULES, at("2026-03-11T09:41:00")).operations.some((o) => o.rule === "escalation")).toBe(false);
  });

  it("names nobody until the rule file does (the bare preset)", () => {
    const bare = rulesFrom("extends: support\ncalendars: { business: { timezone: Asia/Shanghai } }\n");
    const plan = evaluate(p0, bare, at("2026-03-11T09:16:00"));
    expect(plan.operations.some((o) => o.rule === "escalation")).toBe(false);
  });
});
