/** Realistic generated issues for benchmarks: form bodies, 10 comments, 10 history events each. */
import type { Comment, HistoryEvent, Issue } from "../src/core/model.ts";
import { GITHUB_CAPABILITIES } from "../src/github/capabilities.ts";

const TITLES = [
  "Checkout returns HTTP 502 for some users",
  "支付回调超时，订单状态未更新",
  "SSO login loops back to the sign-in page",
  "Invoice PDF renders blank pages",
  "VPN drops every 10 minutes in the Berlin office",
  "How do I export all invoices as CSV?",
  "Webhook retries flood our endpoint",
  "打印机无法连接",
];

const BODY = (i: number) =>
  i % 5 === 0
    ? `Something is wrong since this morning, please help. Error: ${"x".repeat(200)}`
    : [
        "### Impact scope",
        "",
        i % 3 === 0 ? "All users in the EU region" : "A single customer account",
        "",
        "### Symptom and error message",
        "",
        `POST /api/checkout → 502 Bad Gateway (request id ${i.toString(16)}). ${"Stack trace line\n".repeat(8)}`,
        "",
        "### Start time",
        "",
        "2026-03-11 09:05 CST",
        "",
        "### Steps to reproduce",
        "",
        "1. Add an item to the cart\n2. Press Pay\n3. See the error",
        "",
        "### Environment",
        "",
        i % 4 === 0 ? "_No response_" : "Chrome 131 on macOS 15, app 4.2.0",
      ].join("\n");

const MEMBERS = ["li-wei", "chen-jing", "sam-ortiz", "priya-n"];

export function generateIssues(count: number, now: number): Issue[] {
  const issues: Issue[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = now - (1 + (i % 72)) * 3_600_000;
    const author = { id: `customer-${i % 50}`, association: "NONE" };
    const comments: Comment[] = [];
    for (let c = 0; c < 10; c++) {
      const team = c % 2 === 1;
      comments.push({
        id: `${i}-${c}`,
        author: team ? { id: MEMBERS[c % 4] as string, association: "MEMBER" } : author,
        body: team ? `Looking into it. Update ${c}: we see elevated errors on the gateway.` : `Still failing for us (${c}).`,
        createdAt: createdAt + (c + 1) * 600_000,
        public: true,
      });
    }
    const priority = `priority/P${i % 4}`;
    const history: HistoryEvent[] = [];
    for (let h = 0; h < 10; h++) {
      const at = createdAt + h * 300_000;
      const actor = { id: MEMBERS[h % 4] as string, association: "MEMBER" };
      if (h === 0) history.push({ kind: "labeled", label: priority, at, actor });
      else if (h % 3 === 0) history.push({ kind: "labeled", label: "waiting-for-customer", at, actor });
      else if (h % 3 === 1) history.push({ kind: "unlabeled", label: "waiting-for-customer", at, actor });
      else history.push({ kind: "assigned", assignee: actor.id, at, actor });
    }
    issues.push({
      capabilities: GITHUB_CAPABILITIES,
      id: `acme/support#${i + 1}`,
      title: TITLES[i % TITLES.length] as string,
      body: BODY(i),
      labels: i % 7 === 0 ? ["category/network"] : [priority, "category/software"],
      state: "open",
      fields: {},
      author,
      assignees: i % 2 === 0 ? [{ id: MEMBERS[i % 4] as string }] : [],
      createdAt,
      comments,
      history,
    });
  }
  return issues;
}
