import { afterEach, describe, expect, it } from "vitest";
import type { Logger } from "../../src/core/logger.ts";
import type { Operation } from "../../src/core/plan.ts";
import { isTrackerError } from "../../src/core/tracker.ts";
import { createJiraTracker, type JiraTracker } from "../../src/jira/create-jira-tracker.ts";
import { JIRA_CAPABILITIES } from "../../src/jira/capabilities.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { type SeedIssue, supportIssue, USERS } from "../fakes/jira/seed.ts";

const NOW = Date.parse("2026-03-10T10:00:00Z");
let fake: FakeJira | undefined;

afterEach(async () => {
  expect(fake?.violations ?? []).toEqual([]);
  await fake?.close();
  fake = undefined;
});

async function setup(issues: SeedIssue[], options: { embedPage?: number; searchPage?: number } = {}) {
  fake = await startFakeJira({ issues, now: () => NOW, ...options });
  const sleeps: number[] = [];
  const retries: string[] = [];
  const tracker: JiraTracker = createJiraTracker({
    baseUrl: fake.url,
    email: USERS.bot.emailAddress,
    apiToken: "test-api-token",
    now: () => NOW,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    onRetry: (notice) => retries.push(`${notice.status} ${notice.reason ?? ""}`.trim()),
  });
  return { fake, tracker, sleeps, retries };
}

const op = <K extends Operation["kind"]>(operation: Extract<Operation, { kind: K }> | Omit<Extract<Operation, { kind: K }>, "rule" | "reason">): Operation =>
  ({ rule: "test", reason: "test", ...operation }) as Operation;

describe("reading issues", () => {
  it("reads fields, the whole changelog and all comments, paging past the embedded first page", async () => {
    const comments = Array.from({ length: 7 }, (_, index) => ({
      id: String(100 + index),
      author: index % 2 === 0 ? USERS.reporter : USERS.agent,
      text: `comment ${index}`,
      at: NOW - (10 - index) * 60_000,
      jsdPublic: index !== 3,
    }));
    const histories = Array.from({ length: 5 }, (_, index) => ({
      id: String(200 + index),
      author: USERS.agent,
      at: NOW - (20 - index) * 60_000,
      items: [{ field: "labels", fieldtype: "jira", fieldId: "labels", from: null, fromString: "", to: null, toString: `l${index}` }],
    }));
    const { fake, tracker } = await setup(
      [supportIssue({ key: "SUP-1", id: "10001", comments, histories, priority: "High" })],
      { embedPage: 3 },
    );
    const issue = await tracker.getIssue("SUP-1");
    expect(issue.id).toBe("SUP-1");
    expect(issue.capabilities).toBe(JIRA_CAPABILITIES);
    expect(issue.nativePriority).toBe("High");
    expect(issue.comments.map((comment) => comment.body)).toEqual(comments.map((comment) => comment.text));
    expect(issue.comments[3]?.public).toBe(false);
    expect(issue.history.filter((event) => event.kind === "labeled")).toHaveLength(5);
    expect(issue.fields.Impact).toBe("All users");
    expect(issue.fields["Steps to reproduce"]).toMatch(/pay by card/);
    expect(issue.body).toContain("### Steps to reproduce");
    const operations = fake.requests.map((request) => request.operationId);
    expect(operations).toContain("getChangeLogs");
    expect(operations).toContain("getComments");
    // The field catalogue and the token's own account are read once, however many issues follow.
    await tracker.getIssue("SUP-1");
    expect(fake.requests.filter((request) => request.operationId === "getFields")).toHaveLength(1);
    expect(fake.requests.filter((request) => request.operationId === "getCurrentUser")).toHaveLength(1);
  });

  it("reads one request per issue when nothing is truncated", async () => {
    const { fake, tracker } = await setup([supportIssue({ key: "SUP-1", id: "10001" })]);
    await tracker.getIssue("SUP-1");
    const before = fake.requests.length;
    await tracker.getIssue("SUP-1");
    expect(fake.requests.slice(before).map((request) => request.operationId)).toEqual(["getIssue"]);
  });

  it("maps a missing issue to not-found and a bad token to auth", async () => {
    const { tracker, fake } = await setup([]);
    await expect(tracker.getIssue("SUP-404")).rejects.toMatchObject({ kind: "not-found" });
    const wrong = createJiraTracker({ baseUrl: fake.url, email: "x@example.com", apiToken: "nope" });
    const error: unknown = await wrong.getIssue("SUP-1").catch((caught: unknown) => caught);
    expect(isTrackerError(error) && error.kind).toBe("auth");
    expect(String(error)).not.toContain("nope");
  });
});

describe("applying plans", () => {
  it("writes labels, an ADF comment with a real mention and its key, then edits it in place", async () => {
    const { fake, tracker } = await setup([supportIssue({ key: "SUP-2", id: "10002", labels: ["needs-info"] })]);
    let issue = await tracker.getIssue("SUP-2");
    const results = await tracker.apply(issue, [
      op({ kind: "add-labels", labels: ["priority/P1", "sla/at-risk"] }),
      op({ kind: "remove-labels", labels: ["needs-info"] }),
      op({ kind: "comment", key: "intake/missing", body: "Please tell us @platform-team what broke.", mentions: [USERS.lead.accountId] }),
    ]);
    expect(results.every((result) => result.ok)).toBe(true);
    const stored = fake.issue("SUP-2");
    expect(stored.fields.labels).toEqual(["priority/P1", "sla/at-risk"]);
    const comment = stored.comments.at(-1);
    expect(comment?.properties).toEqual([{ key: "issue-shepherd", value: { key: "intake/missing" } }]);
    const mentions = JSON.stringify(comment?.body).match(/"type":"mention"/g) ?? [];
    expect(mentions).toHaveLength(1); // the lead, not the "@platform-team" typed in the text
    expect(JSON.stringify(comment?.body)).toContain(USERS.lead.accountId);
    expect(stored.properties.get("issue-shepherd")).toEqual({ comments: { [String(comment?.id)]: "intake/missing" } });

    issue = await tracker.getIssue("SUP-2");
    const own = issue.comments.find((candidate) => candidate.key === "intake/missing");
    expect(own?.author.bot).toBe(true);
    const edit = await tracker.apply(issue, [op({ kind: "edit-comment", key: "intake/missing", commentId: String(own?.id), body: "All there now.", mentions: [] })]);
    expect(edit[0]?.ok).toBe(true);
    expect(JSON.stringify(fake.issue("SUP-2").comments.at(-1)?.body)).toContain("All there now.");
    expect(fake.issue("SUP-2").comments).toHaveLength(1);
  });

  it("assigns by accountId, sets priority by name and fields by their schema", async () => {
    const { fake, tracker } = await setup([supportIssue({ key: "SUP-3", id: "10003" })]);
    const issue = await tracker.getIssue("SUP-3");
    const results = await tracker.apply(issue, [
      op({ kind: "assign", assignees: [USERS.agent.accountId] }),
      op({ kind: "set-priority", priority: "P0", native: "Highest" }),
      op({ kind: "set-field", field: "Root cause", value: "Expired TLS certificate on the payment gateway" }),
      op({ kind: "set-field", field: "Impact", value: "Some users" }),
      op({ kind: "set-field", field: "No such field", value: "x" }),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, true, true, true, false]);
    expect(results[4]?.error).toMatch(/no field named "No such field"/);
    const stored = fake.issue("SUP-3");
    expect(stored.fields.assignee).toMatchObject({ accountId: USERS.agent.accountId });
    expect(stored.fields.priority).toMatchObject({ name: "Highest" });
    expect(stored.fields.customfield_10050).toMatchObject({ type: "doc" });
    expect(stored.fields.customfield_10051).toEqual({ value: "Some users" });
    const reread = await tracker.getIssue("SUP-3");
    expect(reread.fields["Root cause"]).toBe("Expired TLS certificate on the payment gateway");
    expect(reread.assignees[0]?.id).toBe(USERS.agent.accountId);
  });

  it("transitions by name, closes and reopens through the workflow, and says clearly when no transition fits", async () => {
    const { fake, tracker } = await setup([supportIssue({ key: "SUP-4", id: "10004" })]);
    let issue = await tracker.getIssue("SUP-4");
    let results = await tracker.apply(issue, [
      op({ kind: "transition", to: "Waiting for customer" }),
      op({ kind: "transition", to: "Escalate to vendor" }),
      op({ kind: "close", closeReason: "not_planned" }),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, false, true]);
    expect(results[1]?.error).toMatch(/no Jira transition named "Escalate to vendor".*available: .*"Done" \(→ Done\)/);
    expect(fake.issue("SUP-4").fields.status).toMatchObject({ name: "Done" });
    issue = await tracker.getIssue("SUP-4");
    expect(issue.state).toBe("closed");
    results = await tracker.apply(issue, [op({ kind: "reopen" })]);
    expect(results[0]?.ok).toBe(true);
    expect(fake.issue("SUP-4").fields.status).toMatchObject({ name: "To Do" });
    expect((await tracker.getIssue("SUP-4")).history.map((event) => event.kind)).toEqual(expect.arrayContaining(["closed", "reopened"]));
  });

  it("recovers a comment key from the comment's own property when the ledger lost it", async () => {
    const { fake, tracker } = await setup([
      supportIssue({
        key: "SUP-5",
        id: "10005",
        comments: [{ id: "300", author: USERS.bot, text: "Missing: steps", at: NOW - 60_000, properties: [{ key: "issue-shepherd", value: { key: "intake/missing" } }] }],
      }),
    ]);
    const issue = await tracker.getIssue("SUP-5");
    expect(issue.comments[0]?.key).toBe("intake/missing");
    expect(fake.requests.some((request) => request.operationId === "getComments" && request.query.get("expand") === "properties")).toBe(true);
  });
});

describe("rate limits", () => {
  it("backs off on 429 with Retry-After and RateLimit-Reason, then succeeds", async () => {
    const { fake, tracker, sleeps, retries } = await setup([supportIssue({ key: "SUP-6", id: "10006" })]);
    const issue = await tracker.getIssue("SUP-6");
    fake.fail(
      { status: 429, headers: { "Retry-After": "2", "RateLimit-Reason": "jira-burst-based" }, when: (request) => request.method === "PUT" },
      { status: 429, headers: { "Retry-After": "1", "RateLimit-Reason": "jira-per-issue-on-write" }, when: (request) => request.method === "PUT" },
    );
    const results = await tracker.apply(issue, [op({ kind: "add-labels", labels: ["escalated"] })]);
    expect(results[0]?.ok).toBe(true);
    expect(retries).toEqual(["429 jira-burst-based", "429 jira-per-issue-on-write"]);
    expect(sleeps).toContain(2000);
    expect(sleeps).toContain(1000);
    expect(fake.issue("SUP-6").fields.labels).toEqual(["escalated"]);
  });

  it("logs each retry through the Logger port as jira.retry, a warning with the notice's fields", async () => {
    fake = await startFakeJira({ issues: [supportIssue({ key: "SUP-9", id: "10009" })], now: () => NOW });
    const lines: Record<string, unknown>[] = [];
    const logger: Logger = { log: (level, event, fields) => void lines.push({ level, event, ...fields }) };
    const tracker = createJiraTracker({ baseUrl: fake.url, email: USERS.bot.emailAddress, apiToken: "test-api-token", now: () => NOW, sleep: () => Promise.resolve(), random: () => 0.5, logger });
    // The first GET is the tracker's look at its own account (/myself), before the issue.
    fake.fail({ status: 503, when: (request) => request.method === "GET" });
    expect((await tracker.getIssue("SUP-9")).id).toBe("SUP-9");
    expect(lines.map(({ path, ...line }) => [String(path).split("?")[0], line])).toEqual([["/rest/api/3/myself", { level: "warn", event: "jira.retry", method: "GET", status: 503, attempt: 1, waitMs: 1000 }]]);
  });

  it("gives up after bounded retries with a rate-limit error and goes on with the next operation", async () => {
    const { fake, tracker } = await setup([supportIssue({ key: "SUP-7", id: "10007" })]);
    const issue = await tracker.getIssue("SUP-7");
    const limited = { status: 429, headers: { "RateLimit-Reason": "jira-quota-global-based" }, when: (request: { method: string }) => request.method === "PUT" };
    fake.fail(limited, limited, limited, limited, limited);
    const results = await tracker.apply(issue, [op({ kind: "add-labels", labels: ["a"] }), op({ kind: "add-labels", labels: ["b"] })]);
    expect(results[0]).toMatchObject({ ok: false });
    expect(results[0]?.error).toMatch(/429 \(jira-quota-global-based\)/);
    expect(results[1]).toMatchObject({ ok: true });
  });

  it("does not sit out a Retry-After longer than the limit", async () => {
    const { fake, tracker, sleeps } = await setup([supportIssue({ key: "SUP-8", id: "10008" })]);
    fake.fail({ status: 429, headers: { "Retry-After": "3600" } });
    const error: unknown = await tracker.getIssue("SUP-8").catch((caught: unknown) => caught);
    expect(isTrackerError(error) && { kind: error.kind, retryAfter: error.retryAfter }).toEqual({ kind: "rate-limit", retryAfter: 3600 });
    expect(sleeps).toEqual([]);
  });
});

describe("JQL audit", () => {
  it("pages the enhanced search with nextPageToken and converts every issue", async () => {
    const issues = Array.from({ length: 5 }, (_, index) => supportIssue({ key: `SUP-${10 + index}`, id: String(10_010 + index) }));
    issues.push(supportIssue({ key: "OPS-1", id: "10099" }), supportIssue({ key: "SUP-99", id: "10098", status: "Done" }));
    const { fake, tracker } = await setup(issues, { searchPage: 2 });
    const seen: string[] = [];
    for await (const issue of tracker.listIssues({ jql: "project = SUP ORDER BY created DESC" })) seen.push(issue.id);
    expect(seen).toEqual(["SUP-10", "SUP-11", "SUP-12", "SUP-13", "SUP-14"]);
    const searches = fake.requests.filter((request) => request.operationId === "searchAndReconsileIssuesUsingJqlPost");
    expect(searches).toHaveLength(3);
    expect(searches[0]?.body).toMatchObject({ jql: "(project = SUP) AND statusCategory != Done ORDER BY created DESC", fields: ["*all"], expand: "changelog" });
    expect(searches[1]?.body).toHaveProperty("nextPageToken");
  });

  it("refuses an audit without JQL", async () => {
    const { tracker } = await setup([]);
    const iterate = async () => {
      for await (const _ of tracker.listIssues({})) void _;
    };
    await expect(iterate()).rejects.toMatchObject({ kind: "invalid" });
  });
});
