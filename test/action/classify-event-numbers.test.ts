/**
 * Found by the Action fuzz suite (test/fuzz/action-events.test.ts): a payload whose issue.number
 * is not an issue number (1e21, 0, -3, 1.5) was taken for an issue, and the run then stopped
 * with exit 1 on `"1e+21" is not an issue`. It is a skipped event, with the reason.
 */
import { describe, expect, it } from "vitest";
import { classifyEvent } from "../../src/action/classify-event.ts";

const options = { botLogins: [], pullRequests: false };

describe("classifyEvent: the issue number", () => {
  it.each([1e21, 0, -3, 1.5, Number.MAX_SAFE_INTEGER + 2])("issue.number %s is skipped, saying what was found", (number) => {
    expect(classifyEvent("issues", { action: "opened", issue: { number }, sender: { login: "octocat" } }, options)).toEqual({
      mode: "skip",
      reason: `issues.opened carries no issue number (expected a whole number from 1, found ${JSON.stringify(number)})`,
    });
  });

  it("a real issue number is an issue", () => {
    expect(classifyEvent("issues", { action: "opened", issue: { number: 7 }, sender: { login: "octocat" } }, options)).toMatchObject({ mode: "issue", number: 7 });
  });
});
