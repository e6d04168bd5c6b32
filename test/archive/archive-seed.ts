/**
 * Snapshots for `shepherd archive` (example team file: Asia/Shanghai business hours): a GitHub
 * repository with cases written as a closing comment's sections and as ticked items, closures
 * that make no case, an open issue and one with a hostile title and text; and a Jira project
 * whose cases are in its Root cause, Solution and Verification fields.
 */
import type { RestComment, RestTimelineEvent } from "../../src/github/rest-types.ts";
import { formBody, restComment, restEvent, restIssue } from "../fakes/github/make-issues.ts";

export const REPOSITORY = "acme/support";
/** `2026-03-02 10:00` in Asia/Shanghai. */
export const at = (local: string): number => Date.parse(`${local.replace(" ", "T")}:00+08:00`);

/** A title that tries to climb out of the folder and into the front matter and the page. */
export const HOSTILE_TITLE = `../../../etc/passwd\n---\nid: forged\n<script>alert(1)</script> <!-- shepherd:end --> [x](javascript:alert(1)) | cell ${"long ".repeat(400)}`;
export const HOSTILE_ROOT_CAUSE = "A config line `timeout: 0` ended the block early:\n\n---\nid: forged\n<!-- shepherd:end -->\n<img src=x onerror=alert(1)>";

const sections = (rootCause: string, solution: string, verification: string) =>
  `### Root cause\n\n${rootCause}\n\n### Solution\n\n${solution}\n\n### Verification\n\n${verification}`;

interface Spec {
  title: string;
  labels: string[];
  created: string;
  closed?: string;
  reason?: string;
  comments?: RestComment[];
  body?: string;
}

function entry(number: number, spec: Spec): { issue: ReturnType<typeof restIssue>; comments: RestComment[]; timeline: RestTimelineEvent[] } {
  const reason = spec.reason ?? "completed";
  return {
    issue: restIssue(
      {
        number,
        title: spec.title,
        body: spec.body ?? formBody(),
        labels: spec.labels,
        createdAt: at(spec.created),
        assignees: ["li-wei"],
        ...(spec.closed === undefined ? {} : { state: "closed" as const, stateReason: reason, closedAt: at(spec.closed) }),
      },
      REPOSITORY,
    ),
    comments: spec.comments ?? [],
    timeline: spec.closed === undefined ? [] : [restEvent("closed", "li-wei", at(spec.closed), { state_reason: reason })],
  };
}

const reply = (local: string, body = "Looking into it.") => restComment("li-wei", "MEMBER", body, at(local));

/** The GitHub repository; `rootCause1` replaces #1's root cause (a case edited in the tracker). */
export function githubSnapshot(rootCause1 = "The payment gateway's connection pool was exhausted, so checkout calls hit a timeout."): string {
  const issues = [
    entry(1, {
      title: "Checkout fails with a timeout",
      labels: ["priority/P1", "payments"],
      created: "2026-03-02 10:00",
      closed: "2026-03-02 13:00",
      comments: [reply("2026-03-02 10:20"), reply("2026-03-02 12:55", sections(rootCause1, "Raised the pool to 50 and alarmed on its use.", "The reporter paid twice without error."))],
    }),
    entry(2, {
      title: "无法登录",
      labels: ["priority/P2"],
      created: "2026-03-03 10:00",
      closed: "2026-03-03 15:00",
      body: `${formBody()}\n\n- [x] 根本原因：SSO 证书过期\n- [x] 解决方案：更新证书并加上到期监控\n- [x] 验证：用户已能登录`,
      comments: [reply("2026-03-03 10:10")],
    }),
    entry(3, { title: "Please add dark mode", labels: ["priority/P3"], created: "2026-03-04 10:00", closed: "2026-03-04 11:00", reason: "not_planned", comments: [reply("2026-03-04 10:30")] }),
    entry(4, { title: "Export is slow", labels: ["priority/P2"], created: "2026-03-05 10:00", closed: "2026-03-05 12:00", comments: [reply("2026-03-05 10:30", "### Root cause\n\nA missing index")] }),
    entry(5, {
      title: HOSTILE_TITLE,
      labels: ["priority/P2", "../../evil", "category/network"],
      created: "2026-03-06 10:00",
      closed: "2026-03-06 16:00",
      comments: [reply("2026-03-06 10:30", sections(HOSTILE_ROOT_CAUSE, "Quoted the value: `timeout: \"0\"`", "<b>ok</b> & done"))],
    }),
    entry(6, { title: "Still broken", labels: ["priority/P2"], created: "2026-03-07 10:00", comments: [reply("2026-03-07 10:30")] }),
  ];
  return `${JSON.stringify({ tracker: "github", repository: REPOSITORY, issues }, null, 2)}\n`;
}

const adf = (text: string) => ({ type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const AGENT = { accountId: "5d53f3cbc6b9320d9ea5bdc2", displayName: "Ravi Nair", accountType: "atlassian" };
const REPORTER = { accountId: "5b10ac8d82e05b22cc7d4ef5", displayName: "Mia Krystof", accountType: "atlassian" };

/** A Jira project with one case in its fields and one Done issue whose Solution is empty. */
export function jiraSnapshot(): string {
  const issue = (n: number, solution: string | null) => ({
    id: String(10_000 + n),
    key: `SUP-${n}`,
    fields: {
      summary: `支付回调超时 ${n}`,
      description: adf("回调超时，订单状态不更新"),
      labels: ["payments"],
      issuetype: { name: "Bug" },
      priority: { name: "High" },
      status: { name: "Done", id: "10002", statusCategory: { key: "done" } },
      reporter: REPORTER,
      creator: REPORTER,
      assignee: AGENT,
      created: "2026-03-10T09:00:00.000+0800",
      updated: "2026-03-10T12:00:00.000+0800",
      resolution: { name: "Done" },
      resolutiondate: "2026-03-10T12:00:00.000+0800",
      customfield_10010: adf("支付网关回调超时，重试队列堵塞"),
      customfield_10011: solution === null ? null : adf(solution),
      customfield_10012: adf("回调成功率恢复到 100%"),
      comment: { comments: [{ id: String(20_000 + n), author: AGENT, body: adf("在处理"), created: "2026-03-10T09:20:00.000+0800", updated: "2026-03-10T09:20:00.000+0800", jsdPublic: true }] },
    },
    changelog: {
      histories: [{ id: String(30_000 + n), author: AGENT, created: "2026-03-10T12:00:00.000+0800", items: [{ field: "status", fieldId: "status", fromString: "In Progress", toString: "Done" }, { field: "resolution", fieldId: "resolution", fromString: null, toString: "Done" }] }],
    },
  });
  const fields = [
    { id: "summary", name: "Summary" },
    { id: "customfield_10010", name: "Root cause" },
    { id: "customfield_10011", name: "Solution" },
    { id: "customfield_10012", name: "Verification" },
  ];
  return `${JSON.stringify({ tracker: "jira", fields, issues: [issue(1, "扩容重试队列"), issue(2, null)] }, null, 2)}\n`;
}
