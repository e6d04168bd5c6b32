import { describe, expect, it } from "vitest";
import { readRetryAfter } from "../../src/github/create-octokit.ts";
import { parseIssueNumber } from "../../src/github/fetch-issue.ts";
import { defaultGraphqlUrl } from "../../src/github/graphql-request.ts";
import { toCoreIssueFromGraphql, toRestTimelineEvent, toRestUser } from "../../src/github/graphql-to-issue.ts";
import { renderCommentBody } from "../../src/github/render-comment.ts";
import { toTrackerError } from "../../src/github/to-tracker-error.ts";

describe("GraphQL → core issue", () => {
  it.each([
    [{ __typename: "Bot", login: "github-actions" }, { login: "github-actions[bot]", type: "Bot" }],
    [{ __typename: "Bot", login: "renovate[bot]" }, { login: "renovate[bot]", type: "Bot" }],
    [{ __typename: "User", login: "li-wei", name: "Li Wei" }, { login: "li-wei", type: "User", name: "Li Wei" }],
    [{ __typename: "Organization", login: "acme" }, { login: "acme", type: "Organization" }],
    [{ __typename: "Mannequin", login: "old" }, { login: "old", type: "User" }],
    [null, null],
  ])("actor %j is the REST user %j", (actor, user) => {
    expect(toRestUser(actor)).toEqual(user);
  });

  it.each([
    [{ __typename: "LabeledEvent", createdAt: "2026-01-01T00:00:00Z", actor: null, label: { name: "bug" } }, { event: "labeled", label: { name: "bug" } }],
    [{ __typename: "ClosedEvent", createdAt: "2026-01-01T00:00:00Z", actor: null, stateReason: "NOT_PLANNED" }, { event: "closed", state_reason: "not_planned" }],
    [{ __typename: "AssignedEvent", createdAt: "2026-01-01T00:00:00Z", actor: null, assignee: { __typename: "User", login: "x" } }, { event: "assigned", assignee: { login: "x", type: "User" } }],
    [{ __typename: "ReferencedEvent", createdAt: "2026-01-01T00:00:00Z" }, undefined],
  ])("timeline item %j", (item, event) => {
    const rest = toRestTimelineEvent(item);
    if (event === undefined) expect(rest).toBeUndefined();
    else expect(rest).toMatchObject(event);
  });

  it("converts a whole node, with missing fields treated as absent", () => {
    const issue = toCoreIssueFromGraphql(
      "acme/support",
      {
        id: "I_1",
        number: 1,
        title: "Down",
        body: null,
        state: "CLOSED",
        stateReason: "COMPLETED",
        createdAt: "2026-03-10T00:00:00Z",
        closedAt: "2026-03-10T02:00:00Z",
        author: { __typename: "User", login: "reporter" },
        authorAssociation: "NONE",
        labels: { nodes: [{ name: "priority/P0" }, null] },
        assignees: null,
        comments: { nodes: [{ databaseId: 9, author: { __typename: "Bot", login: "github-actions" }, authorAssociation: "NONE", body: "x <!-- issue-shepherd:intake -->", createdAt: "2026-03-10T00:01:00Z" }] },
        timelineItems: { nodes: [{ __typename: "ClosedEvent", createdAt: "2026-03-10T02:00:00Z", actor: { __typename: "User", login: "li-wei" }, stateReason: "COMPLETED" }] },
      },
      { botLogins: [], extras: { type: { name: "Bug" }, issue_field_values: [{ issue_field_name: "Priority", data_type: "single_select", single_select_option: { name: "Urgent" } }] } },
    );
    expect(issue).toMatchObject({
      id: "acme/support#1",
      body: "",
      labels: ["priority/P0"],
      state: "closed",
      closeReason: "completed",
      type: "Bug",
      fields: { Priority: "Urgent" },
      nativePriority: "Urgent",
      assignees: [],
      comments: [{ id: "9", key: "intake", author: { id: "github-actions[bot]", bot: true } }],
      history: [{ kind: "closed", reason: "completed", actor: { id: "li-wei" } }],
    });
  });
});

describe("small parts of the adapter", () => {
  it.each([
    ["https://api.github.com", "https://api.github.com/graphql"],
    ["https://ghe.example.com/api/v3", "https://ghe.example.com/api/graphql"],
    ["https://ghe.example.com/api/v3/", "https://ghe.example.com/api/graphql"],
  ])("GraphQL endpoint of %s is %s", (rest, graphql) => {
    expect(defaultGraphqlUrl(rest)).toBe(graphql);
  });

  it.each([
    ["acme/support#12", 12],
    ["ACME/Support#12", 12],
    ["#7", 7],
    ["7", 7],
    ["other/repo#7", undefined],
    ["seven", undefined],
  ])("issue id %s → %s", (id, number) => {
    expect(parseIssueNumber(id, "acme/support")).toBe(number);
  });

  it.each([
    ["30", 30],
    ["0", 0],
    ["Wed, 11 Mar 2026 10:01:00 GMT", 60],
    ["soon", undefined],
    [undefined, undefined],
  ])("retry-after %s → %s s", (value, seconds) => {
    expect(readRetryAfter(value, Date.parse("2026-03-11T10:00:00Z"))).toBe(seconds);
  });

  it("renders mentions after the body and the hidden key last", () => {
    expect(renderCommentBody("Late.\n", ["a", "@b", "a", "org/team"], "sla-breach/resolution/cycle-2")).toBe(
      "Late.\n\ncc @a @b @org/team\n\n<!-- issue-shepherd:sla-breach/resolution/cycle-2 -->",
    );
    expect(renderCommentBody("Done.", [], "k")).toBe("Done.\n\n<!-- issue-shepherd:k -->");
  });

  it.each([
    [{ status: 401, response: { data: { message: "Bad credentials" } } }, "auth", "reading x: 401 Bad credentials"],
    [{ status: 403, response: { data: { message: "Resource not accessible by integration" } } }, "auth", "reading x: 403 Resource not accessible by integration"],
    [{ status: 403, response: { data: { message: "You have exceeded a secondary rate limit" }, headers: { "retry-after": "60" } } }, "rate-limit", "reading x: 403 You have exceeded a secondary rate limit"],
    [{ status: 429, response: { data: { message: "Too many" } } }, "rate-limit", "reading x: 429 Too many"],
    [{ status: 404, response: { data: { message: "Not Found" } } }, "not-found", "reading x: 404 Not Found"],
    [{ status: 422, response: { data: { message: "Validation Failed", errors: [{ message: "bad label" }] } } }, "invalid", "reading x: 422 Validation Failed; bad label"],
    [{ status: 503, message: "unavailable" }, "transient", "reading x: 503 unavailable"],
    [new TypeError("fetch failed"), "transient", "reading x: fetch failed"],
  ])("error %j is %s", (error, kind, message) => {
    const e = toTrackerError(error, "reading x");
    expect({ kind: e.kind, message: e.message }).toEqual({ kind, message });
  });
});
