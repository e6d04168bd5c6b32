import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Contract, extractOperations, SHARED_CONTRACT_PATHS, USED_OPERATIONS, VENDORED_CONTRACT_PATH } from "../fakes/jira/contract.ts";

// The checker that guards every request of the Jira tests must itself catch what it claims to.
const contract = Contract.load();
const json = "application/json";

describe("the Jira contract checker", () => {
  it.each([
    ["a documented read", { method: "GET", url: "/rest/api/3/issue/SUP-1?fields=*all&expand=changelog&properties=issue-shepherd" }, []],
    ["a label edit", { method: "PUT", url: "/rest/api/3/issue/SUP-1", contentType: json, body: { update: { labels: [{ add: "x" }, { remove: "y" }] } } }, []],
    ["an assignment", { method: "PUT", url: "/rest/api/3/issue/SUP-1/assignee", contentType: json, body: { accountId: "abc" } }, []],
    ["an enhanced search", { method: "POST", url: "/rest/api/3/search/jql", contentType: json, body: { jql: "project = SUP", nextPageToken: "t", fields: ["*all"] } }, []],
  ])("accepts %s", (_name, request, expected) => {
    expect(contract.checkRequest(request)).toEqual(expected);
  });

  it.each([
    ["an undocumented path", { method: "GET", url: "/rest/api/2/issue/SUP-1" }, /no such operation/],
    ["an undocumented method", { method: "PATCH", url: "/rest/api/3/issue/SUP-1" }, /no such operation/],
    ["an unknown query parameter", { method: "GET", url: "/rest/api/3/issue/SUP-1?expandd=changelog" }, /unknown query parameter "expandd"/],
    ["a mistyped query value", { method: "GET", url: "/rest/api/3/issue/SUP-1/comment?startAt=first" }, /expected an integer/],
    ["a value outside an enum", { method: "GET", url: "/rest/api/3/issue/SUP-1/comment?orderBy=updated" }, /not one of/],
    ["a read-only property in a body", { method: "POST", url: "/rest/api/3/issue/SUP-1/comment", contentType: json, body: { body: {}, jsdPublic: false } }, /jsdPublic: read-only/],
    ["an unknown property where none are allowed", { method: "POST", url: "/rest/api/3/search/jql", contentType: json, body: { jql: "x", startAt: 50 } }, /unknown property "startAt"/],
    ["a field operation that does not exist", { method: "PUT", url: "/rest/api/3/issue/SUP-1", contentType: json, body: { update: { labels: [{ append: "x" }] } } }, /unknown property "append"/],
    ["a body sent as text", { method: "PUT", url: "/rest/api/3/issue/SUP-1/assignee", contentType: "text/plain", body: { accountId: "a" } }, /not application\/json/],
  ])("rejects %s", (_name, request, message) => {
    const problems = contract.checkRequest(request);
    expect(problems.join("\n")).toMatch(message);
  });

  it("resolves path templates, preferring literal segments", () => {
    expect(contract.match("PUT", "/rest/api/3/issue/properties/issue-shepherd")?.operationId).toBe("bulkSetIssueProperty");
    expect(contract.match("PUT", "/rest/api/3/issue/SUP-1/properties/issue-shepherd")).toMatchObject({
      operationId: "setIssueProperty",
      params: { issueIdOrKey: "SUP-1", propertyKey: "issue-shepherd" },
    });
  });

  const shared = SHARED_CONTRACT_PATHS.find((path) => existsSync(path));
  it.skipIf(shared === undefined)("keeps its committed extract identical to the shared contract's operations", () => {
    const document = JSON.parse(readFileSync(shared ?? "", "utf8")) as Record<string, unknown>;
    const vendored = JSON.parse(readFileSync(VENDORED_CONTRACT_PATH, "utf8")) as unknown;
    // Regenerate with extractOperations(shared, USED_OPERATIONS) when an operation is added.
    expect(vendored).toEqual(extractOperations(document, USED_OPERATIONS));
  });

  it("checks with the committed extract alone as strictly as with the whole contract", () => {
    const extract = Contract.load(VENDORED_CONTRACT_PATH);
    const request = { method: "POST", url: "/rest/api/3/issue/SUP-1/comment", contentType: json, body: { body: {}, jsdPublic: false } };
    expect(extract.checkRequest(request)).toEqual(contract.checkRequest(request));
    expect(extract.checkRequest({ method: "GET", url: "/rest/api/3/issue/SUP-1?fields=*all&expand=changelog" })).toEqual([]);
  });
});
