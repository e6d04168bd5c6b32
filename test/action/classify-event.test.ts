import { describe, expect, it } from "vitest";
import { classifyEvent, ownChangeReason } from "../../src/action/classify-event.ts";

const issue = { number: 12 };
const options = { botLogins: ["shepherd-bot"], pullRequests: false };

describe("classifyEvent: what a run does for an event", () => {
  it.each([
    ["schedule", {}, "audit"],
    ["workflow_dispatch", { inputs: {} }, "audit"],
    ["issues", { action: "opened", issue, sender: { login: "octocat" } }, "issue"],
    ["issues", { action: "typed", issue, sender: { login: "octocat" } }, "issue"],
    ["issues", { action: "untyped", issue, sender: { login: "octocat" } }, "issue"],
    ["issues", { action: "field_value_changed", issue, sender: { login: "octocat" } }, "issue"],
    ["issue_comment", { action: "deleted", issue, comment: { id: 1 }, sender: { login: "octocat" } }, "issue"],
    ["issues", { action: "deleted", issue, sender: { login: "octocat" } }, "skip"],
    ["issues", { action: "transferred", issue, sender: { login: "octocat" } }, "skip"],
    ["issues", { action: "labeled", issue, sender: { login: "github-actions[bot]" } }, "skip"],
    ["issues", { action: "labeled", issue, sender: { login: "Shepherd-Bot" } }, "skip"],
    ["issue_comment", { action: "created", issue: { number: 3, pull_request: { url: "x" } }, sender: { login: "octocat" } }, "skip"],
    ["issues", { action: "opened", sender: { login: "octocat" } }, "skip"],
    ["issues", "not an object", "skip"],
    ["issues", undefined, "skip"],
    ["push", { ref: "refs/heads/main" }, "skip"],
    ["pull_request", { action: "opened" }, "skip"],
  ])("%s %j → %s", (event, payload, mode) => {
    const decision = classifyEvent(event, payload, options);
    expect(decision.mode).toBe(mode);
    expect(decision.reason).not.toBe("");
  });

  it("takes pull requests when a rule asks for them", () => {
    const payload = { action: "created", issue: { number: 3, pull_request: { url: "x" } }, sender: { login: "octocat" } };
    expect(classifyEvent("issue_comment", payload, { ...options, pullRequests: true })).toMatchObject({ mode: "issue", number: 3 });
  });

  it("says why it skips", () => {
    expect(classifyEvent("issues", { action: "labeled", issue, sender: { login: "github-actions[bot]" } }, options).reason).toBe(
      "issues.labeled on #12 was made by github-actions[bot], the tool's own account",
    );
  });

  it("skips changes by the token's own account once it is known, with or without the [bot] suffix", () => {
    const byApp = { action: "labeled", issue, sender: { login: "shepherd-app[bot]" } };
    expect(classifyEvent("issues", byApp, { ...options, selfLogin: "Shepherd-App" }).mode).toBe("skip");
    // Before the identity is read (a personal token or an App), the event is taken, with its sender.
    const decision = classifyEvent("issues", { action: "labeled", issue, sender: { login: "ops-maria" } }, options);
    expect(decision).toMatchObject({ mode: "issue", sender: "ops-maria" });
    expect(ownChangeReason(decision, "ops-maria")).toBe("issues.labeled on #12 was made by ops-maria, the tool's own account");
    expect(ownChangeReason(decision, "someone-else")).toBeUndefined();
    // Another App is not the tool.
    expect(classifyEvent("issues", { action: "labeled", issue, sender: { login: "some-app[bot]" } }, options).mode).toBe("issue");
  });
});
