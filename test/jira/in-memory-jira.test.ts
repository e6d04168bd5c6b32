/**
 * The in-memory Jira as the real adapter meets it: `createJiraTracker` (jira.js over our
 * transport) with the in-memory site's `fetch`, over a Map store seeded with issues shaped as a
 * Jira snapshot holds them, and a site catalog folded from that snapshot by `jiraEntryFormat`.
 * Reads, every kind of write as Jira records it (fields, changelog by the calling account,
 * comment properties, the ledger property), Jira's refusals, and a second audit that plans
 * nothing.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/run-audit.ts";
import { readRules } from "../../src/config/read-rules.ts";
import { createMapStore, type IssueStore } from "../../src/core/issue-store.ts";
import type { Operation } from "../../src/core/plan.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { isTrackerError } from "../../src/core/tracker.ts";
import { createJiraTracker } from "../../src/jira/create-jira-tracker.ts";
import { createInMemoryJira } from "../../src/jira/in-memory/create-in-memory-jira.ts";
import { jiraEntryFormat } from "../../src/jira/in-memory/entry-format.ts";
import type { JiraSnapshotIssue } from "../../src/jira/in-memory/snapshot-types.ts";
import { readLedger } from "../../src/jira/ledger.ts";

const NOW = Date.parse("2026-03-10T10:00:00Z");
const BOT = "712020:5b1e7a60-shepherd-bot";
const AGENT = { accountId: "5d53f3cbc6b9320d9ea5bdc2", displayName: "Ravi Nair", accountType: "atlassian" };
const LEAD = { accountId: "5e9f8c7b6a5d4c3b2a190817", displayName: "Chen Jing", accountType: "atlassian" };
const REPORTER = { accountId: "5b10ac8d82e05b22cc7d4ef5", displayName: "Mia Krystof", accountType: "atlassian" };
const RULES_PATH = fileURLToPath(new URL("../fakes/jira/rules.yml", import.meta.url));

/** The site's fields as a Jira export lists them (`/rest/api/3/field`). */
const FIELDS = [
  { id: "customfield_10050", name: "Root cause", custom: true, schema: { type: "string", custom: "com.atlassian.jira.plugin.system.customfieldtypes:textarea" } },
  { id: "customfield_10051", name: "Impact", custom: true, schema: { type: "option", custom: "com.atlassian.jira.plugin.system.customfieldtypes:select" } },
  { id: "customfield_10052", name: "Start time", custom: true, schema: { type: "datetime" } },
  { id: "customfield_10053", name: "Steps to reproduce", custom: true, schema: { type: "string", custom: "com.atlassian.jira.plugin.system.customfieldtypes:textarea" } },
  { id: "customfield_10054", name: "Solution", custom: true, schema: { type: "string", custom: "com.atlassian.jira.plugin.system.customfieldtypes:textarea" } },
  { id: "customfield_10055", name: "Verification", custom: true, schema: { type: "string", custom: "com.atlassian.jira.plugin.system.customfieldtypes:textarea" } },
];

const time = (ms: number): string => new Date(ms).toISOString().replace("Z", "+0000");
const doc = (text: string) => ({ type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const STATUS = {
  todo: { self: "https://acme.atlassian.net/rest/api/3/status/10000", id: "10000", name: "To Do", statusCategory: { id: 2, key: "new", name: "To Do" } },
  progress: { id: "3", name: "In Progress", statusCategory: { id: 4, key: "indeterminate", name: "In Progress" } },
  done: { id: "10001", name: "Done", statusCategory: { id: 3, key: "done", name: "Done" } },
  wontDo: { id: "10003", name: "Won't Do", statusCategory: { id: 3, key: "done", name: "Done" } },
};

/** An issue as a snapshot exported from Jira holds it. */
function snapshotIssue(key: string, id: string, overrides: Record<string, unknown> = {}, extra: Partial<JiraSnapshotIssue> = {}): JiraSnapshotIssue {
  return {
    id,
    key,
    fields: {
      summary: `Checkout fails (${key})`,
      description: doc("Payment page shows 502."),
      status: STATUS.todo,
      priority: { id: "3", name: "Medium" },
      labels: [],
      reporter: REPORTER,
      assignee: null,
      created: time(NOW - 3 * 3_600_000),
      updated: time(NOW - 3 * 3_600_000),
      resolution: null,
      resolutiondate: null,
      customfield_10050: null,
      customfield_10051: null,
      customfield_10052: null,
      customfield_10053: null,
      environment: null,
      comment: { comments: [] },
      ...overrides,
    },
    changelog: { histories: [] },
    ...extra,
  };
}

/** A site over a Map store, its catalog folded from the snapshot; the real adapter on its fetch. */
function open(issues: JiraSnapshotIssue[], options: { searchPage?: number; anyUser?: boolean; copies?: boolean } = {}) {
  const header = { tracker: "jira", self: BOT, fields: FIELDS };
  const fold = jiraEntryFormat.catalog(header);
  for (const issue of issues) fold.add(issue);
  const catalog = fold.result();
  const { anyUser = catalog.anyUser === true, copies = false, ...rest } = options;
  const map = createMapStore(issues.map((issue) => [jiraEntryFormat.keyOf(issue), issue] as const));
  let gets = 0;
  const store: IssueStore<JiraSnapshotIssue> = {
    get size() {
      return map.size;
    },
    keys: () => map.keys(),
    has: (key) => map.has(key),
    get: (key) => {
      gets += 1;
      const found = map.get(key);
      // A file store parses a fresh copy on every read: a change is kept only once it is set.
      return copies && found !== undefined ? (JSON.parse(JSON.stringify(found)) as JiraSnapshotIssue) : found;
    },
    set: (key, entry) => map.set(key, entry),
  };
  const jira = createInMemoryJira({ store, site: { ...catalog, anyUser }, me: catalog.self ?? BOT, now: () => NOW, ...rest });
  const requests: string[] = [];
  const sleeps: number[] = [];
  const tracker = createJiraTracker({
    baseUrl: jira.url,
    email: "shepherd@acme.example",
    apiToken: "unused",
    now: () => NOW,
    writeIntervalMs: 0,
    fetch: (input, init) => {
      requests.push(`${init?.method ?? "GET"} ${new URL(input instanceof Request ? input.url : input).pathname}`);
      return jira.fetch(input, init);
    },
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  });
  return { jira, map: map.map, tracker, requests, sleeps, gets: () => gets, catalog };
}

const op = (operation: Record<string, unknown>): Operation => ({ rule: "test", reason: "test", ...operation }) as Operation;

const entry = (map: Map<string, JiraSnapshotIssue>, key: string): JiraSnapshotIssue => {
  const found = map.get(key);
  if (found === undefined) throw new Error(`no ${key}`);
  return found;
};
const fields = (map: Map<string, JiraSnapshotIssue>, key: string): Record<string, unknown> => entry(map, key).fields ?? {};
const histories = (map: Map<string, JiraSnapshotIssue>, key: string) => entry(map, key).changelog?.histories ?? [];
const lastItems = (map: Map<string, JiraSnapshotIssue>, key: string) => histories(map, key).at(-1)?.items?.map((item) => `${item.field}: ${item.fromString ?? "∅"} → ${typeof item.toString === "string" ? item.toString : "∅"}`);

describe("the in-memory Jira under the real adapter", () => {
  it("lists by JQL page after page, each issue read a bounded number of times however small the pages", async () => {
    const issues = [
      ...Array.from({ length: 9 }, (_, index) => snapshotIssue(`SUP-${index + 1}`, String(10_001 + index))),
      snapshotIssue("SUP-10", "10010", { status: STATUS.done, resolution: { name: "Done" }, resolutiondate: time(NOW - 3_600_000) }),
      snapshotIssue("OPS-1", "10020"),
    ];
    // Out of key order in the store, as a snapshot may be: the search answers in key order.
    issues.reverse();
    const { tracker, requests, gets, sleeps } = open(issues, { searchPage: 2 });
    const keys: string[] = [];
    for await (const issue of tracker.listIssues({ jql: "project = SUP" })) keys.push(issue.id);
    expect(keys).toEqual(["SUP-1", "SUP-2", "SUP-3", "SUP-4", "SUP-5", "SUP-6", "SUP-7", "SUP-8", "SUP-9"]);
    expect(requests.filter((request) => request === "POST /rest/api/3/search/jql")).toHaveLength(5);
    // One evaluation of the query over all 11 issues, then one read per hit: not once per page.
    expect(gets()).toBeLessThanOrEqual(11 + 9);
    expect(sleeps).toEqual([]);

    const recent: string[] = [];
    for await (const issue of tracker.listIssues({ jql: "project = SUP", closedSince: NOW - 7_200_000 })) recent.push(issue.id);
    expect(recent).toContain("SUP-10");
  });

  it("refuses a query Jira would refuse, with its position in --jql", async () => {
    const { tracker } = open([snapshotIssue("SUP-1", "10001")]);
    const read = async () => {
      for await (const _issue of tracker.listIssues({ jql: "projct = SUP" })) void _issue;
    };
    await expect(read()).rejects.toThrow(/Field 'projct' does not exist/);
    const unbalanced = async () => {
      for await (const _issue of tracker.listIssues({ jql: "project = SUP AND (labels = x" })) void _issue;
    };
    await expect(unbalanced()).rejects.toThrow(/Jira refused --jql/);
  });

  it("reads an issue as the snapshot has it: comments, history, the tool's own keys from the ledger", async () => {
    const own = { id: "30001", author: { accountId: BOT, displayName: "issue-shepherd", accountType: "app" }, body: doc("Please add the steps."), created: time(NOW - 3_000_000), updated: time(NOW - 3_000_000) };
    const forged = { id: "30002", author: REPORTER, body: doc("I say I am a notice."), created: time(NOW - 2_000_000), updated: time(NOW - 2_000_000), properties: [{ key: "issue-shepherd", value: { key: "intake/missing" } }] };
    const { tracker } = open([
      snapshotIssue("SUP-1", "10001", { assignee: AGENT, comment: { comments: [own, forged] } }, {
        changelog: { histories: [{ id: "40001", author: LEAD, created: time(NOW - 1_000_000), items: [{ field: "labels", fieldId: "labels", fromString: "", toString: "urgent" }] }] },
        properties: { "issue-shepherd": { comments: { "30001": "intake/missing" } } },
      }),
    ]);
    const issue = await tracker.getIssue("sup-1");
    expect(issue.id).toBe("SUP-1");
    expect(issue.assignees.map((person) => person.id)).toEqual([AGENT.accountId]);
    expect(issue.comments.map((comment) => [comment.id, comment.author.self === true, comment.key])).toEqual([
      ["30001", true, "intake/missing"],
      ["30002", false, undefined],
    ]);
    const missing = await tracker.getIssue("SUP-404").catch((error: unknown) => error);
    expect(isTrackerError(missing) && missing.kind).toBe("not-found");
  });

  it.each([
    ["live entries (a Map)", false],
    ["a fresh copy per read (a file)", true],
  ])("applies every kind of operation as Jira records it, with no wait between writes, over a store handing out %s", async (_store, copies) => {
    const { tracker, map, sleeps } = open([
      snapshotIssue("SUP-1", "10001", { labels: ["triage"] }),
      // The Won't Do status is one the snapshot only shows on another issue.
      snapshotIssue("SUP-2", "10002", { status: STATUS.wontDo, resolution: { name: "Won't Do" }, resolutiondate: time(NOW - 60_000) }),
      snapshotIssue("SUP-3", "10003", { status: STATUS.progress, assignee: LEAD, comment: { comments: [{ id: "30003", author: AGENT, body: doc("On it."), created: time(NOW - 60_000) }] } }),
    ], { copies });
    const issue = await tracker.getIssue("SUP-1");
    const results = await tracker.apply(issue, [
      op({ kind: "add-labels", labels: ["needs-info", "category/software"] }),
      op({ kind: "remove-labels", labels: ["triage"] }),
      op({ kind: "comment", key: "intake/missing", body: "Please add the steps to reproduce.", mentions: [REPORTER.accountId] }),
      op({ kind: "assign", assignees: [AGENT.accountId] }),
      op({ kind: "set-priority", priority: "P1", native: "High" }),
      op({ kind: "set-field", field: "Impact", value: "All users" }),
      op({ kind: "set-field", field: "Root cause", value: "A stale certificate." }),
      op({ kind: "transition", to: "In Progress" }),
    ]);
    expect(results.map((result) => (result.ok ? "ok" : result.error))).toEqual(Array(8).fill("ok"));
    const stored = fields(map, "SUP-1");
    expect(stored.labels).toEqual(["needs-info", "category/software"]);
    expect(stored.assignee).toMatchObject({ accountId: AGENT.accountId, displayName: "Ravi Nair" });
    expect(stored.priority).toMatchObject({ name: "High", id: "2" });
    expect(stored.customfield_10051).toEqual({ value: "All users" });
    expect(stored.customfield_10050).toMatchObject({ type: "doc" });
    expect(stored.status).toMatchObject({ name: "In Progress", statusCategory: { key: "indeterminate" } });
    expect(stored.updated).toBe(time(NOW));
    // Every change is in the changelog, by the calling account.
    const changes = histories(map, "SUP-1");
    expect(changes.map((history) => history.items?.map((item) => item.field).join(","))).toEqual(["labels", "labels", "assignee", "priority", "Impact", "Root cause", "status"]);
    expect(new Set(changes.map((history) => history.author?.accountId))).toEqual(new Set([BOT]));
    // The comment: ADF with a mention node, its key as a comment property and in the ledger.
    const comments = (stored.comment as { comments: { id: string; body: unknown; properties?: unknown[]; author: { accountId: string } }[] }).comments;
    expect(comments).toHaveLength(1);
    const [notice] = comments;
    expect(notice?.author.accountId).toBe(BOT);
    expect(JSON.stringify(notice?.body)).toContain(`"type":"mention"`);
    expect(notice?.properties).toEqual([{ key: "issue-shepherd", value: { key: "intake/missing" } }]);
    expect(readLedger(entry(map, "SUP-1").properties).comments).toEqual({ [String(notice?.id)]: "intake/missing" });

    // Close, reopen, close as not planned: the resolution follows the status, listed before it.
    const close = await tracker.apply(await tracker.getIssue("SUP-3"), [op({ kind: "close", closeReason: "completed" })]);
    expect(close).toMatchObject([{ ok: true }]);
    expect(fields(map, "SUP-3")).toMatchObject({ status: { name: "Done" }, resolution: { name: "Done" }, resolutiondate: time(NOW) });
    expect(lastItems(map, "SUP-3")).toEqual(["resolution: ∅ → Done", "status: In Progress → Done"]);
    const reopen = await tracker.apply(await tracker.getIssue("SUP-3"), [op({ kind: "reopen" })]);
    expect(reopen).toMatchObject([{ ok: true }]);
    expect(fields(map, "SUP-3")).toMatchObject({ status: { name: "To Do", statusCategory: { key: "new" } }, resolution: null, resolutiondate: null });
    expect(lastItems(map, "SUP-3")).toEqual(["resolution: Done → ∅", "status: Done → To Do"]);
    const decline = await tracker.apply(await tracker.getIssue("SUP-3"), [op({ kind: "close", closeReason: "not_planned" })]);
    expect(decline).toMatchObject([{ ok: true }]);
    expect(fields(map, "SUP-3")).toMatchObject({ status: { name: "Won't Do" }, resolution: { name: "Won't Do" } });
    expect((await tracker.getIssue("SUP-3")).closeReason).toBe("not_planned");
    expect(sleeps).toEqual([]);
  });

  it("refuses what Jira refuses, in Jira's words, and leaves the issue as it was", async () => {
    // A site that knows its users (a snapshot's accepts the rules' people it never mentions).
    const { tracker, map } = open([snapshotIssue("SUP-1", "10001")], { anyUser: false });
    const issue = await tracker.getIssue("SUP-1");
    const results = await tracker.apply(issue, [
      op({ kind: "assign", assignees: ["no-such-account"] }),
      op({ kind: "set-priority", priority: "P0", native: "Blocker" }),
      op({ kind: "set-field", field: "Nonexistent", value: "x" }),
      op({ kind: "transition", to: "Shipped" }),
    ]);
    expect(results.map((result) => !result.ok && result.errorKind)).toEqual(["invalid", "invalid", "invalid", "invalid"]);
    expect(results[0]?.error).toContain("User 'no-such-account' does not exist.");
    expect(results[1]?.error).toContain("Specify a valid 'id' or 'name' for Priority");
    expect(results[2]?.error).toContain('no field named "Nonexistent"');
    expect(results[3]?.error).toContain('no Jira transition named "Shipped" is available from the issue\'s current status; available: "Done" (→ Done)');
    expect(histories(map, "SUP-1")).toEqual([]);
  });

  it("a whole audit with the support rules changes the issues, and a second audit plans nothing", async () => {
    const loaded = readRules(RULES_PATH, NOW);
    if (loaded.rules === undefined) throw new Error(JSON.stringify(loaded.diagnostics));
    const rules: Rules = loaded.rules;
    const { tracker, map, sleeps } = open([
      snapshotIssue("SUP-1", "10001", { description: doc("It is broken.") }),
      snapshotIssue("SUP-2", "10002", { priority: { name: "Highest" }, created: time(NOW - 30 * 3_600_000) }),
      snapshotIssue("SUP-3", "10003", {
        customfield_10051: { value: "All users" },
        customfield_10052: "2026-03-10T08:40:00.000+0000",
        customfield_10053: doc("Add an item, pay by card."),
        environment: doc("Chrome 122"),
      }),
    ]);
    const first = await runAudit({ tracker, rules, now: NOW, dryRun: false, scope: { jql: "project = SUP" } });
    expect(first.issues.flatMap((report) => report.operations.filter((operation) => operation.status === "failed"))).toEqual([]);
    expect(first.totals.changes).toBeGreaterThan(0);
    expect(fields(map, "SUP-1").labels).toContain("needs-info");
    const second = await runAudit({ tracker, rules, now: NOW, dryRun: false, scope: { jql: "project = SUP" } });
    expect(second.issues.flatMap((report) => report.operations)).toEqual([]);
    expect(second.totals.changes).toBe(0);
    expect(sleeps).toEqual([]);
  });
});

describe("the in-memory Jira's answers", () => {
  it("answers as Jira Cloud does: status codes, error bodies, comment and issue properties", async () => {
    const { jira } = open([snapshotIssue("SUP-1", "10001")], { anyUser: false });
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await jira.fetch(`${jira.url}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }) });
      const text = await response.text();
      return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>) };
    };
    expect(await call("GET", "/rest/api/3/myself")).toMatchObject({ status: 200, body: { accountId: BOT } });
    expect(await call("GET", "/rest/api/3/issue/SUP-9")).toEqual({ status: 404, body: { errorMessages: ["Issue does not exist or you do not have permission to see it."], errors: {} } });
    expect(await call("PUT", "/rest/api/3/issue/SUP-1", { update: { labels: [{ add: "two words" }] } })).toEqual({
      status: 400,
      body: { errorMessages: [], errors: { labels: "The label 'two words' contains spaces which is invalid." } },
    });
    const added = await call("POST", "/rest/api/3/issue/SUP-1/comment", { body: doc("Hello"), properties: [{ key: "issue-shepherd", value: { key: "k" } }] });
    expect(added).toMatchObject({ status: 201, body: { author: { accountId: BOT }, created: time(NOW) } });
    expect(added.body).not.toHaveProperty("properties");
    expect(await call("POST", "/rest/api/3/issue/SUP-1/comment", { body: "plain text" })).toMatchObject({ status: 400, body: { errors: { comment: "Comment body is not valid!" } } });
    const page = await call("GET", "/rest/api/3/issue/SUP-1/comment?expand=properties&orderBy=-created");
    expect(page.body).toMatchObject({ total: 1, comments: [{ properties: [{ key: "issue-shepherd", value: { key: "k" } }] }] });
    expect((await call("PUT", "/rest/api/3/issue/SUP-1/properties/issue-shepherd", { comments: {} })).status).toBe(201);
    expect((await call("PUT", "/rest/api/3/issue/SUP-1/properties/issue-shepherd", { comments: { "1": "k" } })).status).toBe(200);
    expect(await call("GET", "/rest/api/3/issue/SUP-1/properties/issue-shepherd")).toEqual({ status: 200, body: { key: "issue-shepherd", value: { comments: { "1": "k" } } } });
    expect((await call("GET", "/rest/api/3/issue/SUP-1/properties/other")).status).toBe(404);
    expect((await call("DELETE", `/rest/api/3/issue/SUP-1/comment/${String(added.body?.id)}`)).status).toBe(204);
    expect((await call("DELETE", `/rest/api/3/issue/SUP-1/comment/${String(added.body?.id)}`)).status).toBe(404);
    expect((await call("POST", "/rest/api/3/issue/SUP-1/transitions", { transition: { id: "999" } })).body).toEqual({ errorMessages: ["Transition id '999' is not valid for this issue."], errors: {} });
    await expect(jira.fetch("https://elsewhere.example/rest/api/3/myself")).rejects.toThrow(TypeError);
  });
});

describe("the Jira entry format", () => {
  it("checks an entry with JSON paths, keys it by its key, and folds the snapshot's catalog", () => {
    expect(jiraEntryFormat.check(snapshotIssue("SUP-1", "10001"), "issues[0]")).toEqual([]);
    expect(jiraEntryFormat.check({ key: "SUP-2", fields: { labels: "urgent", comment: { comments: [{ id: "" }] } } }, "issues[1]")).toEqual([
      'issues[1].fields.labels: expected an array, found "urgent"',
      "issues[1].fields.comment.comments[0].id: expected a non-empty string, found an empty string",
    ]);
    expect(jiraEntryFormat.check([], "issues[2]")).toEqual(["issues[2]: expected an object, found an array"]);
    const issue = snapshotIssue("SUP-7", "10007", { status: STATUS.progress, assignee: AGENT, priority: { name: "Urgent" } }, {
      changelog: { histories: [{ id: "50123", author: LEAD, created: time(NOW), items: [{ field: "status", fieldId: "status", fromString: "Waiting for support", toString: "In Progress" }] }] },
    });
    expect(jiraEntryFormat.keyOf(issue)).toBe("SUP-7");
    const fold = jiraEntryFormat.catalog({ tracker: "jira", self: BOT, fields: FIELDS });
    fold.add(issue);
    const catalog = fold.result();
    expect(catalog.self).toBe(BOT);
    expect(catalog.largestId).toBe(50_123);
    expect(catalog.users.map((user) => user.accountId).sort()).toEqual([AGENT.accountId, LEAD.accountId, REPORTER.accountId].sort());
    expect(catalog.statuses.map((status) => [status.name, status.category])).toEqual([
      ["In Progress", "indeterminate"],
      ["Waiting for support", "indeterminate"],
      ["Done", "done"],
      ["To Do", "new"],
    ]);
    expect(catalog.transitions.map((transition) => transition.to)).toEqual(["In Progress", "Waiting for support", "Done", "To Do"]);
    expect(catalog.priorities).toContain("Urgent");
    expect(catalog.fields.find((field) => field.id === "customfield_10051")?.name).toBe("Impact");
  });
});
