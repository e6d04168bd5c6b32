/** Case records from closed issues, GitHub- and Jira-shaped, under the shipped preset. */
import { describe, expect, it } from "vitest";
import { caseRecordOf, type CaseRecordResult } from "../../../src/core/cases/case-record.ts";
import type { Comment, HistoryEvent, Issue, Person } from "../../../src/core/model.ts";
import { GITHUB_CAPABILITIES } from "../../../src/github/capabilities.ts";
import { JIRA_CAPABILITIES } from "../../../src/jira/capabilities.ts";
import { lines, load } from "../load-in-memory.ts";

const { rules, messages } = load(lines("extends: support", "calendars: { business: { timezone: Asia/Shanghai } }"));
if (!rules) throw new Error(messages.join("\n"));

/** `2026-03-02 10:00` in Asia/Shanghai. */
const at = (local: string): number => Date.parse(`${local.replace(" ", "T")}:00+08:00`);
const REPORTER: Person = { id: "reporter", association: "NONE" };
const LEAD: Person = { id: "chen-jing", association: "MEMBER" };
const FORM = ["Impact scope", "Symptom and error message", "Start time", "Steps to reproduce", "Environment"].map((h) => `### ${h}\n\nfilled in`).join("\n\n");
const NOW = at("2026-04-10 12:00");

let ids = 1;
const comment = (body: string, local: string, author: Person = LEAD): Comment => ({ id: String(ids++), author, body, createdAt: at(local), public: true });

interface Spec {
  title?: string;
  labels?: string[];
  body?: string;
  comments?: Comment[];
  reason?: "completed" | "not_planned" | "duplicate";
  closed?: string | null;
}

const CREATED = "2026-03-02 10:00";
const CLOSED = "2026-03-02 13:00";

function github(spec: Spec = {}): Issue {
  const closed = spec.closed === undefined ? CLOSED : spec.closed;
  const closedAt = closed === null ? undefined : at(closed);
  const reason = spec.reason ?? "completed";
  const history: HistoryEvent[] = closedAt === undefined ? [] : [{ kind: "closed", at: closedAt, actor: LEAD, reason }];
  return {
    capabilities: GITHUB_CAPABILITIES,
    id: "acme/support#42",
    url: "https://example.test/acme/support/issues/42",
    title: spec.title ?? "Checkout fails with a timeout",
    body: spec.body ?? FORM,
    labels: spec.labels ?? ["priority/P1", "payments"],
    state: closedAt === undefined ? "open" : "closed",
    ...(closedAt === undefined ? {} : { closedAt, closeReason: reason }),
    fields: {},
    author: REPORTER,
    assignees: [LEAD],
    createdAt: at(CREATED),
    comments: spec.comments ?? [comment("Looking into it.", "2026-03-02 10:20")],
    history,
  };
}

const sections = (rootCause: string, solution: string, verification: string) =>
  `### Root cause\n\n${rootCause}\n\n### Solution\n\n${solution}\n\n### Verification\n\n${verification}`;

function jira(fields: Record<string, string | null>, extra: Partial<Issue> = {}): Issue {
  const closedAt = at(CLOSED);
  return {
    capabilities: JIRA_CAPABILITIES,
    id: "PAY-7",
    url: "https://example.test/browse/PAY-7",
    title: "支付回调超时",
    body: "filled in",
    labels: [],
    state: "closed",
    closedAt,
    closeReason: "completed",
    status: { name: "Done", category: "done" },
    nativePriority: "High",
    fields: { Impact: "部分用户", description: "回调超时", "Start time": "10:00", "Steps to reproduce": "下单", Environment: "prod", ...fields },
    author: { id: "acc-reporter" },
    assignees: [{ id: "acc-lead" }],
    createdAt: at(CREATED),
    comments: [{ id: "c1", author: { id: "acc-lead", groups: ["support"] }, body: "在处理", createdAt: at("2026-03-02 10:10"), public: true }],
    history: [{ kind: "status", at: closedAt, from: "In Progress", to: "Done" }],
    ...extra,
  };
}

const record = (result: CaseRecordResult) => {
  if (!result.ok) throw new Error(`expected a case, got: ${result.why.reason}`);
  return result.record;
};
const reason = (result: CaseRecordResult) => (result.ok ? "(a case)" : result.why.reason);

describe("caseRecordOf", () => {
  it("keeps a GitHub closing comment's sections, with figures, month, keywords and slug", () => {
    const closing = comment(sections("The DB connection pool was exhausted (max 10), so payment calls hit a timeout.", "Raised the pool to 50 and added a timeout alarm.", "Reporter paid twice without error."), "2026-03-02 12:55");
    const r = record(caseRecordOf(github({ comments: [comment("Looking into it.", "2026-03-02 10:20"), closing] }), rules, NOW));
    expect(r).toEqual({
      id: "acme/support#42",
      key: "#42",
      url: "https://example.test/acme/support/issues/42",
      title: "Checkout fails with a timeout",
      category: "network",
      priority: "P1",
      labels: ["priority/P1", "payments"],
      rootCause: "The DB connection pool was exhausted (max 10), so payment calls hit a timeout.",
      solution: "Raised the pool to 50 and added a timeout alarm.",
      verification: "Reporter paid twice without error.",
      createdAt: "2026-03-02T02:00:00.000Z",
      closedAt: "2026-03-02T05:00:00.000Z",
      month: "2026-03",
      // P1 counts on 24x7: 20 minutes to the reply, 3 hours to the close.
      firstResponseBusinessMinutes: 20,
      resolutionBusinessMinutes: 180,
      keywords: ["payments", "network", "connection", "pool", "payment", "timeout", "exhausted", "max", "calls", "hit"],
      slug: "payments-connection-2026-03-42",
    });
  });

  it("reads ticked checklist items' own words, and Chinese headings", () => {
    const body = `${FORM}\n\n- [x] 根本原因：证书过期导致 SSO 登录失败\n- [x] Solution: renewed the certificate and added expiry monitoring\n- [x] Verified by reporter`;
    const r = record(caseRecordOf(github({ body, title: "无法登录", labels: ["priority/P2"] }), rules, NOW));
    expect([r.rootCause, r.solution, r.verification]).toEqual(["证书过期导致 SSO 登录失败", "renewed the certificate and added expiry monitoring", "Verified by reporter"]);
    expect(r.category).toBe("account");
    expect(r.keywords.slice(0, 5)).toEqual(["account", "certificate", "expired", "sso", "login"]);
    expect(r.slug).toBe("account-certificate-2026-03-42");
    // P2 on business hours (Mon 10:00–13:00 Shanghai): three business hours.
    expect(r.resolutionBusinessMinutes).toBe(180);

    const zh = comment("### 根本原因\n\n数据库慢查询拖垮了支付接口\n\n### 解决方案\n\n加索引\n\n### 验证结果\n\n压测通过", "2026-03-02 12:50");
    const z = record(caseRecordOf(github({ comments: [comment("看一下", "2026-03-02 10:05"), zh], title: "支付很慢", labels: ["priority/P1"] }), rules, NOW));
    expect([z.rootCause, z.solution, z.verification]).toEqual(["数据库慢查询拖垮了支付接口", "加索引", "压测通过"]);
    expect(z.keywords).toEqual(["database", "slow-query", "payment", "api", "拖垮", "很慢"]);
    expect(z.slug).toBe("database-2026-03-42");
  });

  it("reads Jira fields, with Jira's priority and a key for a reference", () => {
    const r = record(caseRecordOf(jira({ "Root cause": "支付网关回调超时，重试队列堵塞", Solution: "扩容重试队列", Verification: "回调成功率恢复 100%" }), rules, NOW));
    expect(r).toMatchObject({ id: "PAY-7", key: "PAY-7", priority: "P1", category: "network", rootCause: "支付网关回调超时，重试队列堵塞", month: "2026-03" });
    expect(r.keywords.slice(0, 5)).toEqual(["network", "payment", "callback", "timeout", "retry"]);
    expect(r.slug).toBe("network-payment-2026-03-pay-7");
  });

  it("dates the month in the team's zone: 00:30 on April 1st in Shanghai is April", () => {
    const closing = comment(sections("DNS record expired", "Renewed it", "Resolves again"), "2026-04-01 00:25");
    const r = record(caseRecordOf(github({ comments: [closing], closed: "2026-04-01 00:30" }), rules, NOW));
    expect(r.closedAt).toBe("2026-03-31T16:30:00.000Z");
    expect(r.month).toBe("2026-04");
  });

  it.each<[string, Issue, string]>([
    ["open", github({ closed: null }), "still open"],
    ["not planned", github({ reason: "not_planned", body: `${FORM}\n\n${sections("a", "b", "c")}` }), "closed as not planned, not as completed"],
    ["duplicate", github({ reason: "duplicate", body: `${FORM}\n\n${sections("a", "b", "c")}` }), "closed as duplicate, not as completed"],
    ["no answers", github(), "the closure checklist finds no root-cause, solution, verification"],
    ["one missing", github({ comments: [comment("### Root cause\n\nDNS\n\n### Solution\n\n_No response_\n\n### Verification\n\nok", "2026-03-02 12:00")] }), "the closure checklist finds no solution"],
    ["bare ticks", github({ body: `${FORM}\n\n- [x] Root cause\n- [x] Solution: restarted\n- [x] Verified by reporter` }), "root-cause only ticked, with no words: write the answer after the item (\"- [x] Root cause: …\") or as a section"],
    ["a pull request", { ...github({ body: sections("a", "b", "c") }), pullRequest: true }, "a pull request, not an issue"],
    ["Jira fields empty", jira({ "Root cause": "DNS", Solution: null, Verification: "" }), "the closure checklist finds no solution, verification"],
  ])("gives no case: %s", (_name, issue, why) => {
    expect(reason(caseRecordOf(issue, rules, NOW))).toBe(why);
  });

  it("leaves out a close the reporter answered 'not solved' to: the next run reopens it", () => {
    const closing = comment(sections("DNS record expired", "Renewed it", "Resolves again"), "2026-03-02 12:55");
    const survey: Comment = { ...comment("Did this solve it?", "2026-03-02 13:05", { id: "shepherd-bot", bot: true, self: true }), key: "feedback/survey/cycle-1" };
    expect(record(caseRecordOf(github({ comments: [closing, survey] }), rules, NOW)).rootCause).toBe("DNS record expired");
    const notSolved = comment("not solved", "2026-03-02 14:00", REPORTER);
    expect(reason(caseRecordOf(github({ comments: [closing, survey, notSolved] }), rules, NOW))).toMatch(/^the next run reopens it: /);
  });

  it("ignores a bot's or an internal comment's sections", () => {
    const bot = { ...comment(sections("x", "y", "z"), "2026-03-02 12:00"), author: { id: "ci[bot]", bot: true } };
    const internal = { ...comment(sections("x", "y", "z"), "2026-03-02 12:01"), public: false };
    expect(reason(caseRecordOf(github({ comments: [bot, internal] }), rules, NOW))).toBe("the closure checklist finds no root-cause, solution, verification");
  });
});
