/**
 * Escalation channels in the core: the `channels:` settings and their diagnostics, `notify:` on
 * ladder levels and update reminders, exactly-once keys per issue, clock, cycle and level, quiet
 * hours from a channel's calendar, a pager limited to P0/P1, and the one `resolve` per cycle once
 * the breach is over or the issue is closed.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import type { OperationOf, Plan } from "../../src/core/plan.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import type { IssueSpecInput } from "../../src/rule-tests/test-file-schema.ts";
import { applyInMemory } from "./apply-in-memory.ts";
import { lines, load } from "./load-in-memory.ts";

const TEAM = { id: "li-wei", association: "MEMBER" };
const FORM = "### Impact scope\nall\n### Symptom and error message\nx\n### Start time\nnow\n### Steps to reproduce\n1\n### Environment\nweb";
const at = (local: string) => Date.parse(`${local}+08:00`);
const BASE = ["extends: support", "calendars: { business: { timezone: Asia/Shanghai } }", "groups:", "  on-call: [oncall-zhang]", "  team-lead: [chen-jing]", "  support-manager: [priya-n]"];
const ON = ["channels:", "  oncall-pager: { enabled: true }", "  support-room: { enabled: true }"];

function rules(...text: string[]): Rules {
  const { rules: r, messages } = load(lines(...BASE, ...text));
  if (!r) throw new Error(messages.join("\n"));
  return r;
}
const problems = (...text: string[]) => load(lines(...BASE, ...text)).messages;
const RULES = rules(...ON);

/** A P0 (24x7, first response 15 min) opened Saturday 2026-03-14 03:00 in Shanghai. */
function p0(extra: Partial<IssueSpecInput> = {}): Issue {
  const issue = issueFromSpec(
    { title: "Checkout down for all users", body: FORM, created: "2026-03-14T03:00:00+08:00", labels: ["priority/P0"], ...extra, history: [{ at: "2026-03-14T03:00:00+08:00", labeled: "priority/P0", by: TEAM }, ...(extra.history ?? [])] },
    0,
    "github-actions[bot]",
  );
  return { ...issue, url: "https://github.com/test/repo/issues/1" };
}

const notices = (plan: Plan): OperationOf<"notify">[] => plan.operations.filter((op): op is OperationOf<"notify"> => op.kind === "notify");
const keys = (plan: Plan) => notices(plan).map((op) => op.message.key);

/** The issue after the plan is applied and each notice sent: its key added to the tool's latest own comment, as the adapters record it. */
function sent(issue: Issue, plan: Plan, now: number): Issue {
  const next = applyInMemory(issue, plan, now);
  const recorded = keys(plan);
  if (recorded.length === 0) return next;
  const own = next.comments.filter((c) => c.author.self === true).at(-1);
  if (own === undefined) throw new Error("no own comment to record on");
  const all = [...new Set([...(own.keys ?? (own.key === undefined ? [] : [own.key])), ...recorded])];
  return { ...next, comments: next.comments.map((c) => (c === own ? { ...c, key: all[0] as string, keys: all } : c)) };
}

describe("channels: settings and diagnostics", () => {
  it("compiles the channels that are on, with their secrets as environment names only", () => {
    expect(RULES.channels.get("oncall-pager")).toEqual({ name: "oncall-pager", kind: "pagerduty", routingKey: { env: "PAGERDUTY_ROUTING_KEY" }, priorities: ["P0", "P1"] });
    expect(RULES.channels.get("support-room")).toMatchObject({ kind: "slack", url: { env: "SLACK_WEBHOOK_URL" }, calendar: "business" });
    // The preset's channels are off: the ladder names them, and nothing is sent.
    expect(rules().channels.size).toBe(0);
    expect(RULES.escalation.levels.map((l) => l.notify)).toEqual([["oncall-pager", "support-room"], ["support-room"]]);
  });

  it("refuses a literal secret, a missing or bad variable name, an unknown calendar and an unknown channel, saying where", () => {
    const found = problems(
      "channels:",
      "  room: { kind: slack, url: https://hooks.slack.com/services/T0/B0/secret }",
      "  bell: { kind: dingtalk, url: { env: '' } }",
      "  pager: { kind: pagerduty, calendar: nights }",
      "  mail: { kind: email, smtp: { env: SMTP_URL }, from: me, to: [] }",
      "escalation:",
      "  levels:",
      "    - { notify: [roomm] }",
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rules\.yml:8:\d+: channels\.room\.url: expected \{env: SLACK_WEBHOOK_URL\}, found the webhook URL written in the rule file/),
        expect.stringMatching(/^rules\.yml:9:\d+: channels\.bell\.url\.env: expected an environment variable name like DINGTALK_WEBHOOK_URL .*found ""/),
        expect.stringMatching(/^rules\.yml:10:\d+: channels\.pager: expected routing-key: a pagerduty channel needs it \(as \{env: PAGERDUTY_ROUTING_KEY\}\), found none/),
        expect.stringMatching(/^rules\.yml:10:\d+: channels\.pager\.calendar: expected a declared calendar .*found "nights"/),
        expect.stringMatching(/^rules\.yml:11:\d+: channels\.mail\.from: expected an e-mail address like oncall@example\.com, found "me"/),
        expect.stringMatching(/^rules\.yml:14:\d+: escalation\.levels\[0\]\.notify\[0\]: expected a channel declared under channels \(.*room.*\), found "roomm" — did you mean "room"\?/),
      ]),
    );
  });

  it("refuses keys the kind does not take", () => {
    expect(problems("channels:", "  room: { kind: slack, url: { env: SLACK_URL }, routing-key: { env: KEY } }")).toEqual([
      expect.stringMatching(/channels\.room\.routing-key: expected only url, calendar, priorities, enabled for a slack channel, found routing-key/),
    ]);
  });
});

describe("notify on the ladder: once per issue, clock, cycle and level", () => {
  const issue = p0();
  const night = at("2026-03-14T03:20:00");

  it("level 1 pages the pager at night with the message the issue needs; the room waits for business hours", () => {
    const plan = evaluate(issue, RULES, night);
    expect(keys(plan)).toEqual(["notify/oncall-pager/first-response/cycle-1/level-1"]);
    const [page] = notices(plan);
    expect(page?.via.kind).toBe("pagerduty");
    expect(page?.message).toMatchObject({
      channel: "oncall-pager",
      event: "trigger",
      severity: "critical",
      dedupKey: "issue-shepherd/test/repo#1/cycle-1",
      issue: "test/repo#1",
      url: "https://github.com/test/repo/issues/1",
      priority: "P0",
      clock: "first-response",
      target: "15m",
      overrunMinutes: 5,
      level: 1,
      title: "P0 breached — first response 15m, 5m over — test/repo#1: Checkout down for all users",
    });
    expect(page?.message.text).toContain("https://github.com/test/repo/issues/1");
    expect(plan.trace.find((t) => t.rule === "escalation" && t.notes.some((n) => n.includes("support-room")))?.notes).toContain("support-room: outside the hours of calendar business; the notice waits");
  });

  it("a rerun with the key recorded notifies nothing; in business hours the room gets the waiting notice, once", () => {
    const after = sent(issue, evaluate(issue, RULES, night), night);
    expect(keys(evaluate(after, RULES, at("2026-03-14T03:25:00")))).toEqual([]);
    const monday = at("2026-03-16T09:05:00");
    const plan = evaluate(after, RULES, monday);
    // Level 1 is on record: only its waiting room notice; level 2 fires with its own.
    expect(keys(plan)).toEqual(["notify/support-room/first-response/cycle-1/level-1", "notify/support-room/first-response/cycle-1/level-2"]);
    const done = sent(after, plan, monday);
    expect(keys(evaluate(done, RULES, at("2026-03-16T09:30:00")))).toEqual([]);
  });

  it("the pager takes P0 and P1 only; the room takes every level", () => {
    const p2 = issueFromSpec({ title: "Minor glitch", body: FORM, created: "2026-03-16T09:00:00+08:00", labels: ["priority/P2"] }, 0, "github-actions[bot]");
    const plan = evaluate(p2, RULES, at("2026-03-16T14:00:00"));
    expect(keys(plan)).toEqual(["notify/support-room/first-response/cycle-1/level-1"]);
    expect(notices(plan)[0]?.message.severity).toBe("warning");
  });

  it("says it in the rule file's locale", () => {
    const zh = rules("locale: zh", ...ON);
    expect(notices(evaluate(issue, zh, night))[0]?.message.title).toBe("P0 已超时 — 首次响应 15m，超出 5m — test/repo#1：Checkout down for all users");
  });

  it("a level that names only channels still fires (no one to mention is not nobody to reach)", () => {
    const onlyPager = rules(...ON, "escalation:", "  levels:", "    - { notify: [oncall-pager] }");
    const plan = evaluate(issue, onlyPager, night);
    expect(keys(plan)).toEqual(["notify/oncall-pager/first-response/cycle-1/level-1"]);
    expect(plan.notices ?? []).toEqual([]);
  });
});

describe("the pager's incident is resolved once, when the breach is over or the issue closed", () => {
  const night = at("2026-03-14T03:20:00");
  const paged = sent(p0(), evaluate(p0(), RULES, night), night);
  const answered: Issue = { ...paged, comments: [...paged.comments, { id: "2000", author: TEAM, body: "Looking at it now.", createdAt: at("2026-03-14T03:25:00"), public: true }] };

  it("the first response clears the breach: one resolve with the trigger's dedup key, and none once recorded", () => {
    // Before the mitigation clock (30m) breaches in its turn.
    const now = at("2026-03-14T03:26:00");
    const plan = evaluate(answered, RULES, now);
    expect(notices(plan).map((op) => [op.message.key, op.message.event, op.message.dedupKey])).toEqual([["notify/oncall-pager/resolve/cycle-1", "resolve", "issue-shepherd/test/repo#1/cycle-1"]]);
    expect(keys(evaluate(sent(answered, plan, now), RULES, at("2026-03-14T03:28:00")))).toEqual([]);
  });

  it("while the breach runs there is no resolve; closing the issue resolves it", () => {
    expect(keys(evaluate(paged, RULES, at("2026-03-14T03:25:00")))).toEqual([]);
    // Not planned: exempt from the closure checklist, which would reopen a P0 closed without a root cause.
    const closed: Issue = { ...paged, state: "closed", closeReason: "not_planned", closedAt: at("2026-03-14T03:26:00"), history: [...paged.history, { kind: "closed", at: at("2026-03-14T03:26:00"), actor: TEAM, reason: "not_planned" }] };
    expect(keys(evaluate(closed, RULES, at("2026-03-14T03:27:00")))).toContain("notify/oncall-pager/resolve/cycle-1");
  });

  it("a new cycle has its own keys and incident; the old cycle's incident is resolved", () => {
    const reopenedAt = at("2026-03-14T05:00:00");
    const cycle2: Issue = {
      ...answered,
      history: [...answered.history, { kind: "closed", at: at("2026-03-14T04:00:00"), actor: TEAM, reason: "completed" }, { kind: "reopened", at: reopenedAt, actor: { id: "reporter" } }],
    };
    const plan = evaluate(cycle2, RULES, at("2026-03-14T05:30:00"));
    expect(keys(plan)).toContain("notify/oncall-pager/resolve/cycle-1");
    const trigger = notices(plan).find((op) => op.message.event === "trigger");
    expect(trigger?.message.key).toMatch(/^notify\/oncall-pager\/[\w-]+\/cycle-2\/level-1$/);
    expect(trigger?.message.dedupKey).toBe("issue-shepherd/test/repo#1/cycle-2");
  });
});

describe("update reminders through channels", () => {
  it("a P1 whose progress update is due tells the reminder channels, once per update period", () => {
    const r = rules("channels:", "  support-room: { enabled: true, calendar: 24x7 }");
    const issue = issueFromSpec(
      {
        title: "Payments declined",
        body: FORM,
        created: "2026-03-11T06:00:00+08:00",
        labels: ["priority/P1"],
        comments: [{ author: TEAM, at: "2026-03-11T06:05:00+08:00", body: "### Root cause\nexpired certificate" }],
        history: [{ at: "2026-03-11T06:00:00+08:00", labeled: "priority/P1", by: TEAM }],
      },
      0,
      "github-actions[bot]",
    );
    const now = at("2026-03-11T06:40:00");
    const plan = evaluate(issue, r, now);
    // The reminder, and the ladder's level 1 (the update clock's breach drives it too).
    expect(keys(plan)).toEqual(["notify/support-room/update/cycle-1/update-1", "notify/support-room/update/cycle-1/level-1"]);
    expect(notices(plan)[0]?.message.title).toBe("P1 progress update due — every 30m, the last 35m ago — test/repo#1: Payments declined");
    expect(keys(evaluate(sent(issue, plan, now), r, at("2026-03-11T06:45:00")))).toEqual([]);
  });
});

describe("notify: as an own rule's action", () => {
  const r = rules(...ON, "rules:", "  - name: vip", "    when: { label: vip }", "    then:", "      - notify: support-room");

  it("tells the channel once per cycle, as information (a pager would page no one)", () => {
    const issue = issueFromSpec({ title: "VIP asks", body: FORM, created: "2026-03-16T09:00:00+08:00", labels: ["priority/P2", "vip"] }, 0, "github-actions[bot]");
    const now = at("2026-03-16T10:00:00");
    const plan = evaluate(issue, r, now);
    expect(notices(plan).map((op) => [op.message.key, op.message.event, op.rule])).toEqual([["notify/support-room/rule/rules.vip/cycle-1", "info", "rules.vip"]]);
    // Recorded on a comment of the tool's own (the adapters write a short one where the tool has none).
    const recorded: Issue = { ...issue, comments: [{ id: "9", author: { id: "github-actions[bot]", bot: true, self: true }, body: "→ support-room", createdAt: now, public: true, key: "notify/support-room/rule/rules.vip/cycle-1" }] };
    expect(keys(evaluate(recorded, r, at("2026-03-16T11:00:00")))).toEqual([]);
  });

  it("names only declared channels", () => {
    expect(problems(...ON, "rules:", "  - name: vip", "    then:", "      - notify: [support-rom]")).toEqual([
      expect.stringMatching(/^rules\.yml:\d+:\d+: rules\[0\]\.then\[0\]\.notify\[0\]: expected a channel declared under channels .*found "support-rom" — did you mean "support-room"\?/),
    ]);
  });
});
