/**
 * Every answer the Jira adapter reads (issue, search page, changelog, comments) that is not what
 * Jira documents ends in a message naming the answer, what was expected and what was found — a
 * TrackerError of kind "invalid" — or, in an audit, skips just that issue and says why.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type SkippedIssue, TrackerError } from "../../src/core/tracker.ts";
import { createJiraTracker, type JiraTracker } from "../../src/jira/create-jira-tracker.ts";
import { type FakeJira, type Fault, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { supportIssue, USERS } from "../fakes/jira/seed.ts";

const NOW = Date.parse("2026-03-10T10:00:00Z");
let fake: FakeJira | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

type Json = Record<string, unknown>;

async function setup(): Promise<{ fake: FakeJira; tracker: JiraTracker }> {
  const issues = ["SUP-1", "SUP-2"].map((key, i) =>
    supportIssue({ key, id: String(10001 + i), labels: ["vip"], comments: [{ id: `${i}00`, author: USERS.agent, text: "on it", at: NOW - 60_000 }] }),
  );
  fake = await startFakeJira({ issues, now: () => NOW });
  const tracker = createJiraTracker({ baseUrl: fake.url, email: USERS.bot.emailAddress, apiToken: "test-api-token", now: () => NOW, sleep: async () => {}, maxRetries: 0 });
  return { fake, tracker };
}

async function failure(promise: Promise<unknown>): Promise<TrackerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TrackerError) return error;
    throw new Error(`expected a TrackerError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected a failure");
}

const fieldsOf = (body: unknown) => (body as { fields: Json }).fields;
const on = (operationId: string, rewrite: (body: unknown) => unknown, key = "SUP-2"): Fault => ({
  status: 200,
  when: (request) => request.operationId === operationId && (operationId.startsWith("search") || request.path.includes(`/${key}`)),
  rewrite,
});
const set = (change: (body: Json) => void) => (body: unknown) => {
  change(body as Json);
  return body;
};

describe("a malformed Jira answer while reading one issue", () => {
  it.each<[string, Fault, string]>([
    ["labels: null", on("getIssue", set((b) => void (fieldsOf(b).labels = null))), "Jira GET /rest/api/3/issue/SUP-2: fields.labels: expected a list, found null"],
    ["no fields", on("getIssue", set((b) => void delete b.fields)), "fields: expected an object, found nothing"],
    ["status missing", on("getIssue", set((b) => void delete fieldsOf(b).status)), "fields.status: expected an object, found nothing"],
    ["assignee missing", on("getIssue", set((b) => void delete fieldsOf(b).assignee)), "fields.assignee: expected a user or null, found nothing"],
    ["a label that is a number", on("getIssue", set((b) => void (fieldsOf(b).labels = [7]))), "fields.labels[0]: expected a label, found 7"],
    ["a text", on("getIssue", () => "Service Unavailable"), 'the issue: expected an object, found "Service Unavailable"'],
  ])("%s", async (_name, fault, message) => {
    const { fake, tracker } = await setup();
    fake.fail(fault);
    const error = await failure(tracker.getIssue("SUP-2"));
    expect(error.kind).toBe("invalid");
    expect(error.message).toContain(message);
    expect(error.message).not.toMatch(/is not a function/);
  });

  it.each<[string, string, (body: unknown) => unknown, string]>([
    ["changelog values: null", "getChangeLogs", set((b) => void (b.values = null)), "Jira GET /rest/api/3/issue/SUP-2/changelog (from 0): values: expected a list, found null"],
    ["changelog a list", "getChangeLogs", () => [], "the answer: expected an object, found a list of 0"],
    ["comments a text", "getComments", set((b) => void (b.comments = "none")), 'Jira GET /rest/api/3/issue/SUP-2/comment (from 0): comments: expected a list, found "none"'],
    ["a comment without created", "getComments", set((b) => void delete ((b as { comments: Json[] }).comments[0] as Json).created), "comments[0].created: expected a date-time, found nothing"],
  ])("%s", async (_name, operationId, rewrite, message) => {
    const { fake, tracker } = await setup();
    // The issue says there is more than it embeds, so the adapter pages in the rest.
    fake.fail(
      on("getIssue", set((b) => {
        (b.changelog as Json).total = 99;
        (fieldsOf(b).comment as Json).total = 99;
      })),
      on(operationId, rewrite),
    );
    const error = await failure(tracker.getIssue("SUP-2"));
    expect(error.kind).toBe("invalid");
    expect(error.message).toContain(message);
  });
});

describe("a malformed Jira answer during an audit", () => {
  const audit = async (tracker: JiraTracker) => {
    const skipped: SkippedIssue[] = [];
    const issues: string[] = [];
    for await (const issue of tracker.listIssues({ jql: "project = SUP", onSkip: (s) => skipped.push(s) })) issues.push(issue.id);
    return { issues, skipped };
  };
  const secondIssue = (change: (issue: Json) => void) => set((b) => change((b.issues as Json[])[1] as Json));

  it.each<[string, (body: unknown) => unknown, string]>([
    ["issues: null", set((b) => void (b.issues = null)), "Jira POST /rest/api/3/search/jql (page 1): issues: expected a list, found null"],
    ["a text", () => "<html>gateway</html>", 'the answer: expected an object, found "<html>gateway</html>"'],
    ["nextPageToken a number", set((b) => void (b.nextPageToken = 2)), "nextPageToken: expected a text, found 2"],
  ])("search page with %s: the audit stops with a message", async (_name, rewrite, message) => {
    const { fake, tracker } = await setup();
    fake.fail(on("searchAndReconsileIssuesUsingJqlPost", rewrite));
    const error = await failure(audit(tracker));
    expect(error.kind).toBe("invalid");
    expect(error.message).toContain(message);
  });

  it.each<[string, (body: unknown) => unknown, string, string]>([
    ["labels: null", secondIssue((i) => void (fieldsOf(i).labels = null)), "SUP-2", "fields.labels: expected a list, found null"],
    ["no key", secondIssue((i) => void delete i.key), "issue id 10002", "key: expected a text, found nothing"],
    ["null", set((b) => void ((b.issues as unknown[])[1] = null)), "issue 2 of page 1", "the issue: expected an object, found null"],
  ])("search issue with %s: that issue is skipped, the others read", async (_name, rewrite, id, message) => {
    const { fake, tracker } = await setup();
    fake.fail(on("searchAndReconsileIssuesUsingJqlPost", rewrite));
    const { issues, skipped } = await audit(tracker);
    expect(issues).toEqual(["SUP-1"]);
    expect(skipped).toEqual([{ id, reason: expect.stringContaining(message) as string }]);
    expect(skipped[0]!.reason).toMatch(/^Jira POST \/rest\/api\/3\/search\/jql \(page 1\): .*read again next run$/);
  });

  it("an issue whose changelog page is malformed is skipped, the others read", async () => {
    const { fake, tracker } = await setup();
    fake.fail(
      on("searchAndReconsileIssuesUsingJqlPost", secondIssue((i) => void ((i.changelog as Json).total = 99))),
      on("getChangeLogs", set((b) => void (b.values = {}))),
    );
    const { issues, skipped } = await audit(tracker);
    expect(issues).toEqual(["SUP-1"]);
    expect(skipped).toEqual([{ id: "SUP-2", reason: expect.stringContaining("changelog (from 0): values: expected a list, found an object") as string }]);
  });
});
