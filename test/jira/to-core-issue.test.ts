import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { flattenJiraValue, type JiraChangeItem, type JiraComment, type JiraHistory, type JiraIssue, toCloseReason, toCoreIssueFromJira } from "../../src/jira/to-core-issue.ts";
import { JIRA_CAPABILITIES } from "../../src/jira/capabilities.ts";

const snapshot = JSON.parse(readFileSync(new URL("../fixtures/snapshots/jira-small.json", import.meta.url), "utf8")) as {
  fields: { id: string; name: string }[];
  issues: JiraIssue[];
};
const fieldNames = Object.fromEntries(snapshot.fields.map((field) => [field.id, field.name]));
const issue = (key: string): JiraIssue => {
  const found = snapshot.issues.find((candidate) => candidate.key === key);
  if (found === undefined) throw new Error(`fixture has no ${key}`);
  return found;
};
const BOT = "557058:shepherd-app";
const convert = (key: string) => toCoreIssueFromJira(issue(key), { botAccountIds: [BOT], fieldNames });
const at = (iso: string): number => Date.parse(iso);

describe("toCoreIssueFromJira", () => {
  it("reads the issue's fields, status, priority and people", () => {
    const result = convert("SUP-1");
    expect(result).toMatchObject({
      capabilities: JIRA_CAPABILITIES,
      id: "SUP-1",
      url: "https://acme.atlassian.net/browse/SUP-1",
      title: "Payments down (支付失败) for all users",
      labels: ["payments", "needs-info"],
      state: "open",
      status: { name: "In Progress", category: "indeterminate" },
      type: "Incident",
      nativePriority: "High",
      author: { id: "qm:1111-customer", name: "Carol Customer" },
      assignees: [{ id: "5b10a2844c20165700ede21g", name: "Dave Dev" }],
      createdAt: at("2026-03-10T01:15:00Z"),
      updatedAt: at("2026-03-10T02:40:00Z"),
    });
    expect(result.closeReason).toBeUndefined();
    expect(result.author.bot).toBeUndefined();
  });

  it("renders the ADF description with headings, lists, task items and unknown nodes", () => {
    expect(convert("SUP-1").body).toBe(
      [
        "### Impact",
        "",
        "All users cannot pay.\nReported by @Erin Lead",
        "",
        "### Steps to reproduce",
        "",
        "1. Open checkout\n2. Pay by card",
        "",
        "- [x] Logs attached\n- [ ] HAR file",
        "",
        "```text\nERROR 502 upstream timeout\n```",
        "",
        "Customer is on the Enterprise plan",
        "",
        "future text",
      ].join("\n"),
    );
  });

  it("exposes every field by id and by name, flattened", () => {
    const { fields } = convert("SUP-1");
    expect(fields).toMatchObject({
      summary: "Payments down (支付失败) for all users",
      Summary: "Payments down (支付失败) for all users",
      customfield_10010: null,
      "Root cause": null,
      Environment: "Chrome 122 on macOS 14",
      customfield_10020: "Chrome 122 on macOS 14",
      "Affected systems": ["Web", "API"],
      "Request participants": ["5b10a2844c20165700ede21h"],
      priority: "High",
      status: "In Progress",
      components: ["Checkout"],
      labels: ["payments", "needs-info"],
      reporter: "qm:1111-customer",
      project: "Support",
    });
    expect(fields).not.toHaveProperty("comment");
  });

  it("reads comments oldest first, internal notes as not public, keys from the comment property", () => {
    const { comments } = convert("SUP-1");
    expect(comments.map((comment) => comment.id)).toEqual(["20003", "20002", "20001"]);
    expect(comments[0]).toMatchObject({ key: "intake/missing", public: true, author: { id: BOT, bot: true } });
    expect(comments[1]).toMatchObject({ public: false, body: "Internal: DB failover in progress" });
    expect(comments[2]).toMatchObject({ public: true, body: "We are on it.", createdAt: at("2026-03-10T01:30:00Z") });
    expect(comments[2]?.key).toBeUndefined();
  });

  it("turns the changelog into history, oldest first", () => {
    const { history } = convert("SUP-1");
    const bot = { id: BOT, name: "Issue Shepherd", bot: true };
    const dave = { id: "5b10a2844c20165700ede21g", name: "Dave Dev" };
    expect(history).toEqual([
      { kind: "labeled", at: at("2026-03-10T01:16:00Z"), actor: bot, label: "needs-info" },
      { kind: "priority", at: at("2026-03-10T01:16:00Z"), actor: bot, from: "Medium", to: "High" },
      { kind: "status", at: at("2026-03-10T01:25:00Z"), actor: dave, from: "To Do", to: "In Progress" },
      { kind: "assigned", at: at("2026-03-10T01:25:00Z"), actor: dave, assignee: dave.id },
      {
        kind: "field",
        at: at("2026-03-10T01:40:00Z"),
        actor: { id: "5b10a2844c20165700ede21h", name: "Erin Lead" },
        field: "Environment",
        from: null,
        to: "Chrome 122 on macOS 14",
      },
    ]);
  });

  it("reads a done issue as closed, with its resolution as the reason, and the closing change", () => {
    const result = convert("SUP-2");
    expect(result).toMatchObject({
      state: "closed",
      closeReason: "not_planned",
      closedAt: at("2026-03-05T01:00:00Z"),
      body: "Plain text description from an import",
      assignees: [],
      nativePriority: "Low",
    });
    expect(result.history.map((event) => event.kind)).toEqual(["field", "status", "closed"]);
    expect(result.history.at(-1)).toMatchObject({ kind: "closed", reason: "not_planned" });
  });

  it("treats a minimal issue's missing fields as absent", () => {
    const result = convert("SUP-3");
    expect(result).toMatchObject({
      id: "SUP-3",
      title: "Minimal issue",
      body: "",
      labels: [],
      state: "open",
      nativePriority: null,
      author: { id: "unknown" },
      assignees: [],
      comments: [],
      history: [],
      createdAt: 0,
    });
    expect(result).not.toHaveProperty("status");
    expect(result).not.toHaveProperty("url");
    expect(toCoreIssueFromJira({}, { botAccountIds: [] }).id).toBe("?");
  });

  it("leaves a missing creation time unknown (0), never the last update, and keeps comments without one", () => {
    const result = toCoreIssueFromJira(
      {
        key: "X-4",
        fields: {
          updated: "2026-03-11T10:00:00.000+0800",
          comment: { comments: [{ id: "7", author: { accountId: "a" }, body: "hi", updated: "2026-03-11T10:00:00.000+0800" }] },
        },
      },
      { botAccountIds: [] },
    );
    expect(result.createdAt).toBe(0);
    expect(result.updatedAt).toBe(at("2026-03-11T02:00:00Z"));
    expect(result.comments).toMatchObject([{ id: "7", body: "hi", createdAt: 0 }]);
  });

  it("detects closing and reopening from status categories it knows or can guess", () => {
    const history = (items: JiraChangeItem[], created: string): JiraHistory => ({ created, items });
    const result = toCoreIssueFromJira(
      {
        key: "X-1",
        fields: { status: { name: "Reopened", statusCategory: { key: "new" } } },
        changelog: {
          histories: [
            history([{ field: "status", fromString: "Open", toString: "Shipped" }], "2026-01-01T00:00:00.000+0000"),
            history([{ field: "status", fromString: "Shipped", toString: "完成" }], "2026-01-02T00:00:00.000+0000"),
            history([{ field: "status", fromString: "完成", toString: "Reopened" }], "2026-01-03T00:00:00.000+0000"),
          ],
        },
      },
      { botAccountIds: [], statusCategories: { Shipped: "done" } },
    );
    expect(result.history.map((event) => event.kind)).toEqual(["status", "closed", "status", "status", "reopened"]);
  });

  it("accepts app users, bot ids, the token's own account, restricted comments, issue-property keys and markers", () => {
    const result = toCoreIssueFromJira(
      {
        key: "X-2",
        properties: { "issue-shepherd": { comments: { "2": "sla-breach/resolution/cycle-1" } } },
        fields: {
          comment: {
            comments: [
              { id: "1", author: { accountId: "a", accountType: "app" }, body: "hi\n\n<!-- issue-shepherd:intake/missing -->", created: "2026-01-01T00:00:00.000+0000" },
              { id: "2", author: { accountId: "me" }, body: { type: "doc", version: 1, content: [] }, created: "2026-01-02T00:00:00.000+0000", visibility: { type: "role", value: "Developers" } },
              { author: { accountId: "no id" } },
              "junk",
            ] as unknown as JiraComment[],
          },
        },
      },
      { botAccountIds: ["a"], selfAccountId: "me" },
    );
    expect(result.comments).toMatchObject([
      { id: "1", author: { id: "a", bot: true }, key: "intake/missing", public: true },
      { id: "2", author: { id: "me", bot: true, self: true }, key: "sla-breach/resolution/cycle-1", public: false },
    ]);
    // A configured bot id or an app is automation, never the tool itself: its keys are not trusted.
    expect(result.comments[0]?.author.self).toBeUndefined();
  });

  it("does not mistake a missing toString for Object.prototype.toString", () => {
    const result = toCoreIssueFromJira(
      { key: "X-3", changelog: { histories: [{ created: "2026-01-01T00:00:00.000+0000", items: [{ field: "labels", fromString: "a" }] }] } },
      { botAccountIds: [] },
    );
    expect(result.history).toEqual([{ kind: "unlabeled", at: Date.parse("2026-01-01T00:00:00Z"), label: "a" }]);
  });
});

describe("toCloseReason", () => {
  it.each([
    ["Done", "completed"],
    ["Fixed", "completed"],
    [undefined, "completed"],
    ["Won't Do", "not_planned"],
    ["Won’t Fix", "not_planned"],
    ["Cannot Reproduce", "not_planned"],
    ["Declined", "not_planned"],
    ["Duplicate", "duplicate"],
  ])("%s → %s", (name, reason) => {
    expect(toCloseReason(name)).toBe(reason);
  });
});

describe("flattenJiraValue", () => {
  it.each([
    [null, null],
    ["text", "text"],
    [3, 3],
    [true, true],
    [{ value: "High", id: "1" }, "High"],
    [{ name: "Checkout" }, "Checkout"],
    [{ accountId: "abc", displayName: "Ann" }, "abc"],
    [[{ value: "a" }, { value: "b" }, null, 3], ["a", "b", "3"]],
    [{ type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "text", text: "x" }] }] }, "x"],
    [{ originalEstimate: "1h" }, null],
  ])("%j → %j", (value, flat) => {
    expect(flattenJiraValue(value)).toEqual(flat);
  });
});
