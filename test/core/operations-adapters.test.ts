/**
 * Every kind of operation has a write in each tracker adapter, registered under its own kind (the
 * maps are typed by kind; this keeps a map built some other way, or a kind the core registers
 * and an adapter lost, from slipping through).
 */
import { describe, expect, it } from "vitest";
import { OPERATION_KINDS } from "../../src/core/operations/registry.ts";
import { GITHUB_OPERATIONS, joinsBatch } from "../../src/github/operation-handlers.ts";
import { JIRA_OPERATIONS } from "../../src/jira/operation-handlers.ts";

describe("the adapters' operation maps", () => {
  it.each([
    ["GitHub", Object.keys(GITHUB_OPERATIONS)],
    ["Jira", Object.keys(JIRA_OPERATIONS)],
  ])("%s writes every kind the core registers, and no other", (_, kinds) => {
    expect([...kinds].sort()).toEqual([...OPERATION_KINDS].sort());
  });

  it("GitHub batches labels, assignees and state, and a priority only when it is kept as labels", () => {
    const why = { rule: "r", reason: "why" };
    expect(OPERATION_KINDS.filter((kind) => GITHUB_OPERATIONS[kind].batch !== undefined)).toEqual(["add-labels", "remove-labels", "assign", "reopen", "close", "set-priority"]);
    expect(joinsBatch({ kind: "set-priority", priority: "P1", labels: { add: ["priority/P1"], remove: [] }, ...why })).toBe(true);
    expect(joinsBatch({ kind: "set-priority", priority: "P1", native: "P1", labels: { add: ["priority/P1"], remove: [] }, ...why })).toBe(false);
    expect(joinsBatch({ kind: "set-priority", priority: "P1", ...why })).toBe(false);
    expect(joinsBatch({ kind: "comment", key: "k", body: "b", mentions: [], ...why })).toBe(false);
  });
});
