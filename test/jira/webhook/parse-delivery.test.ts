import { describe, expect, it } from "vitest";
import { parseDelivery } from "../../../src/jira/webhook/parse-delivery.ts";

const parse = (value: unknown) => parseDelivery(Buffer.from(typeof value === "string" ? value : JSON.stringify(value)));
const user = { accountId: "5b10ac8d82e05b22cc7d4ef5", displayName: "Mia Krystof" };
const issue = { id: "10001", key: "SUP-1", fields: { summary: "x" } };

describe("parseDelivery", () => {
  it.each([
    ["an issue update with its changelog", { webhookEvent: "jira:issue_updated", issue_event_type_name: "issue_updated", timestamp: 1, user, issue, changelog: { id: "1", items: [{ field: "labels", fieldId: "labels" }, { field: "status", fieldId: "status" }] } }, { kind: "issue", event: "jira:issue_updated", issue: "SUP-1", actor: user.accountId, changed: ["labels", "status"], timestamp: 1 }],
    ["a new issue", { webhookEvent: "jira:issue_created", user, issue }, { kind: "issue", event: "jira:issue_created", issue: "SUP-1", actor: user.accountId }],
    ["a comment, actor from its author", { webhookEvent: "comment_created", comment: { id: "77", author: user, updateAuthor: user }, issue }, { kind: "issue", issue: "SUP-1", actor: user.accountId, commentId: "77" }],
    ["an issue_commented update", { webhookEvent: "jira:issue_updated", issue_event_type_name: "issue_commented", user, issue, comment: { id: "77" } }, { kind: "issue", issueEventType: "issue_commented", commentId: "77" }],
    ["a deleted comment, whose author is not who deleted it", { webhookEvent: "comment_deleted", comment: { id: "77", author: user }, issue }, { kind: "issue", issue: "SUP-1" }],
    ["an issue known by id only", { webhookEvent: "jira:issue_updated", issue: { id: 10001 } }, { kind: "issue", issue: "10001" }],
    ["an event it does not handle", { webhookEvent: "project_created", project: {} }, { kind: "ignored", event: "project_created" }],
    ["an issue deletion", { webhookEvent: "jira:issue_deleted", issue }, { kind: "ignored", reason: "unsupported_event" }],
  ])("reads %s", (_name, payload, expected) => {
    expect(parse(payload)).toMatchObject(expected);
  });

  it("names no actor for a deletion", () => {
    expect(parse({ webhookEvent: "comment_deleted", comment: { id: "77", author: user }, issue })).not.toHaveProperty("actor");
  });

  it.each([
    ["not JSON", "{not json", /not valid JSON/],
    ["JSON that is not an object", "[1,2]", /not a JSON object/],
    ["an empty body", "", /not valid JSON/],
    ["no webhookEvent", { issue }, /no webhookEvent/],
    ["an issue event without an issue", { webhookEvent: "jira:issue_updated", user }, /without issue.key/],
    ["an issue key that is not one", { webhookEvent: "jira:issue_updated", issue: { key: "../../admin" } }, /not an issue key/],
    ["invalid UTF-8", Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString("latin1"), /not valid JSON/],
  ])("answers malformed for %s", (_name, payload, message) => {
    const result = parse(payload);
    expect(result.kind).toBe("malformed");
    expect(result.kind === "malformed" && result.error).toMatch(message);
  });
});
