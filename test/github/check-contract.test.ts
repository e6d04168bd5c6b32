import { describe, expect, it } from "vitest";
import { checkContract, findOperation } from "../fakes/github/check-contract.ts";

const request = (method: string, path: string, body?: unknown, query = "") => ({ method, path, query: new URLSearchParams(query), body });

describe("the contract checker accepts what GitHub accepts and nothing else", () => {
  it.each([
    ["POST", "/repos/o/r/issues/1/labels", { labels: ["a", "b"] }, ""],
    ["DELETE", "/repos/o/r/issues/1/labels/priority%2FP0", undefined, ""],
    ["POST", "/repos/o/r/issues/1/comments", { body: "hi" }, ""],
    ["PATCH", "/repos/o/r/issues/comments/99", { body: "hi" }, ""],
    ["POST", "/repos/o/r/issues/1/assignees", { assignees: ["x"] }, ""],
    ["PATCH", "/repos/o/r/issues/1", { state: "closed", state_reason: "not_planned" }, ""],
    ["POST", "/repos/o/r/issues/1/issue-field-values", { issue_field_values: [{ field_id: 1, value: "High" }] }, ""],
    ["GET", "/repos/o/r/issues/1/timeline", undefined, "per_page=100&page=2"],
    ["GET", "/repos/o/r/issues", undefined, "state=closed&since=2026-01-01T00:00:00Z&per_page=100"],
    ["GET", "/rate_limit", undefined, ""],
  ])("%s %s", (method, path, body, query) => {
    expect(checkContract(request(method, path, body, query))).toEqual([]);
  });

  it.each([
    ["an unknown path", request("POST", "/repos/o/r/issues/1/frobnicate", {}), /no such operation/],
    ["a wrong method", request("PUT", "/repos/o/r/issues/comments/1", { body: "x" }), /no such operation/],
    ["a wrong body type", request("POST", "/repos/o/r/issues/1/comments", { body: 12 }), /body\.body: expected string/],
    ["a missing body key", request("POST", "/repos/o/r/issues/1/comments", {}), /body\.body: required/],
    ["an unknown body key", request("POST", "/repos/o/r/issues/1/comments", { body: "x", mentions: [] }), /mentions/],
    ["a bad enum", request("PATCH", "/repos/o/r/issues/1", { state: "done" }), /not in/],
    ["an empty label list", request("POST", "/repos/o/r/issues/1/labels", { labels: [] }), /fewer than 1/],
    ["a non-integer issue number", request("GET", "/repos/o/r/issues/abc/comments"), /not an integer/],
    ["an unknown query parameter", request("GET", "/repos/o/r/issues", undefined, "colour=red"), /colour not in the contract/],
  ])("rejects %s", (_name, bad, message) => {
    expect(checkContract(bad).join("\n")).toMatch(message);
  });

  it("prefers literal segments over templates", () => {
    expect(findOperation("PATCH", "/repos/o/r/issues/comments/5")?.template).toBe("/repos/{owner}/{repo}/issues/comments/{comment_id}");
    expect(findOperation("GET", "/repos/o/r/issues/5")?.template).toBe("/repos/{owner}/{repo}/issues/{issue_number}");
  });
});
