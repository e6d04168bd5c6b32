import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GITHUB_CAPABILITIES } from "../../src/github/capabilities.ts";
import type { RestComment, RestIssue, RestTimelineEvent } from "../../src/github/rest-types.ts";
import { toCoreIssueFromRest } from "../../src/github/to-core-issue.ts";

interface Entry {
  issue: RestIssue;
  comments?: RestComment[];
  timeline?: RestTimelineEvent[];
}
const snapshot = JSON.parse(
  readFileSync(new URL("../fixtures/snapshots/github-small.json", import.meta.url), "utf8"),
) as { issues: Entry[] };

const entry = (number: number): Entry => {
  const found = snapshot.issues.find((candidate) => candidate.issue.number === number);
  if (found === undefined) throw new Error(`fixture has no #${number}`);
  return found;
};
const convert = (number: number, botLogins: string[] = []) => {
  const { issue, comments = [], timeline = [] } = entry(number);
  return toCoreIssueFromRest("acme/shop", issue, comments, timeline, { botLogins });
};
const at = (iso: string): number => Date.parse(iso);

describe("toCoreIssueFromRest", () => {
  it("reads a full issue with comments, timeline, type and issue fields", () => {
    const issue = convert(12);
    expect(issue).toMatchObject({
      capabilities: GITHUB_CAPABILITIES,
      id: "acme/shop#12",
      url: "https://github.com/acme/shop/issues/12",
      title: "Checkout fails with 502 for all users",
      labels: ["bug", "needs-info"],
      state: "open",
      type: "Bug",
      nativePriority: "High",
      fields: { Priority: "High", Platforms: ["Web", "iOS"] },
      author: { id: "carol-customer", association: "NONE" },
      assignees: [{ id: "dave-dev" }],
      createdAt: at("2026-03-10T01:15:00Z"),
      updatedAt: at("2026-03-10T02:40:00Z"),
    });
    expect(issue.closeReason).toBeUndefined();
    expect(issue.closedAt).toBeUndefined();
    expect(issue.pullRequest).toBeUndefined();
    expect(issue.status).toBeUndefined();
    expect(issue.body).toContain("### Impact\nAll users in EU");
  });

  it("merges comments from the list and the timeline once each, oldest first, with keys and roles", () => {
    const { comments } = convert(12);
    expect(comments.map((comment) => comment.id)).toEqual(["9001", "9002", "9003"]);
    expect(comments[0]).toMatchObject({
      author: { id: "shepherd-bot", bot: true, association: "NONE" },
      key: "intake/missing",
      public: true,
      createdAt: at("2026-03-10T01:16:00Z"),
    });
    expect(comments[1]).toMatchObject({ author: { id: "dave-dev", association: "MEMBER" }, updatedAt: at("2026-03-10T01:35:00Z") });
    expect(comments[1]?.author.bot).toBeUndefined();
    expect(comments[1]?.key).toBeUndefined();
    expect(comments[2]?.body).toContain("@acme/security");
  });

  it("turns timeline events into history, ignoring events it does not use", () => {
    const { history } = convert(12);
    expect(history).toEqual([
      { kind: "labeled", at: at("2026-03-10T01:15:01Z"), actor: { id: "carol-customer" }, label: "bug" },
      { kind: "labeled", at: at("2026-03-10T01:16:00Z"), actor: { id: "shepherd-bot", bot: true }, label: "needs-info" },
      { kind: "assigned", at: at("2026-03-10T01:20:00Z"), actor: { id: "erin-lead" }, assignee: "dave-dev" },
      { kind: "type", at: at("2026-03-10T01:21:00Z"), actor: { id: "erin-lead" }, from: null, to: "Bug" },
    ]);
  });

  it("reads close reasons and closed/reopened events", () => {
    expect(convert(13)).toMatchObject({
      state: "closed",
      closeReason: "completed",
      closedAt: at("2026-03-09T10:00:00Z"),
      history: [{ kind: "closed", reason: "completed", actor: { id: "dave-dev" } }],
    });
    expect(convert(13)).not.toHaveProperty("type");
    const old = convert(16);
    expect(old).toMatchObject({ state: "closed", closeReason: "not_planned", author: { id: "ghost" } });
    expect(old.history.map((event) => event.kind)).toEqual(["closed", "reopened", "closed"]);
    expect(old.history[0]).not.toHaveProperty("actor");
  });

  it("counts a closed issue without a state_reason as completed", () => {
    const issue = toCoreIssueFromRest("a/b", { number: 1, state: "closed", state_reason: null }, [], [], { botLogins: [] });
    expect(issue.closeReason).toBe("completed");
  });

  it("marks pull requests", () => {
    expect(convert(14).pullRequest).toBe(true);
  });

  it("treats bare label strings, a null body and missing fields as absent", () => {
    const issue = convert(15);
    expect(issue).toMatchObject({
      id: "acme/shop#15",
      body: "",
      labels: ["question", "waiting-for-customer"],
      state: "open",
      assignees: [],
      comments: [],
      history: [],
      fields: {},
      author: { id: "renovate[bot]", bot: true },
    });
    expect(issue).not.toHaveProperty("nativePriority");
    expect(issue.author).not.toHaveProperty("association");
  });

  it("treats bot logins from the options as bots, whatever their case", () => {
    const issue = toCoreIssueFromRest("a/b", { number: 1, user: { login: "Support-Bot", type: "User" } }, [], [], {
      botLogins: ["support-bot"],
    });
    expect(issue.author).toEqual({ id: "Support-Bot", bot: true });
  });

  it("never crashes on odd values", () => {
    const odd = {
      number: 3,
      title: 42,
      labels: [null, 7, { name: 3 }, { name: "ok" }, "ok", ""],
      user: "someone",
      assignees: [null, { login: "x" }],
      created_at: "yesterday",
      issue_field_values: [null, { issue_field_name: "Size", data_type: "number", value: 3 }, { value: "no name" }],
      type: "Bug",
      pull_request: null,
    } as unknown as RestIssue;
    const timeline = [
      null,
      { event: "labeled", created_at: "not a date", label: { name: "x" } },
      { event: "labeled", created_at: "2026-01-01T00:00:00Z" },
      { event: "assigned", created_at: "2026-01-01T00:00:00Z", assignee: null },
      { event: "commented", created_at: "2026-01-01T00:00:00Z" },
      { event: "issue_type_changed", created_at: "2026-01-01T00:00:00Z", issue_type: { name: "Task" }, prev_issue_type: null },
    ] as unknown as RestTimelineEvent[];
    const comments = [{ body: "no id" }, { id: 5, body: null, user: null }] as unknown as RestComment[];
    const issue = toCoreIssueFromRest("a/b", odd, comments, timeline, { botLogins: [] });
    expect(issue).toMatchObject({
      title: "",
      labels: ["ok"],
      author: { id: "ghost" },
      assignees: [{ id: "x" }],
      createdAt: 0,
      fields: { Size: 3 },
      comments: [{ id: "5", body: "", author: { id: "ghost" } }],
      history: [{ kind: "type", from: null, to: "Task" }],
    });
    expect(issue).not.toHaveProperty("type");
    expect(issue).not.toHaveProperty("pullRequest");
  });

  it("leaves a missing creation time unknown (0), never the last update, and keeps comments without one", () => {
    const issue = toCoreIssueFromRest(
      "a/b",
      { number: 4, title: "t", state: "open", updated_at: "2026-03-11T02:00:00Z" },
      [{ id: 9, body: "hi", user: { login: "li-wei" }, updated_at: "2026-03-11T02:00:00Z" }],
      [],
      { botLogins: [] },
    );
    expect(issue.createdAt).toBe(0);
    expect(issue.updatedAt).toBe(at("2026-03-11T02:00:00Z"));
    expect(issue.comments).toMatchObject([{ id: "9", body: "hi", createdAt: 0 }]);
  });

  it("reads multi selects sent as comma-separated names without options", () => {
    const issue = toCoreIssueFromRest(
      "a/b",
      { number: 1, issue_field_values: [{ issue_field_name: "Areas", data_type: "multi_select", value: "A, B" }] },
      [],
      [],
      { botLogins: [] },
    );
    expect(issue.fields).toEqual({ Areas: ["A", "B"] });
  });
});
