import { describe, expect, it } from "vitest";
import { neutraliseMentions } from "../../src/core/text/neutralise-mentions.ts";

describe("neutraliseMentions", () => {
  it.each([
    ["@acme/platform-team please look", "@\u200Dacme/platform-team please look"],
    ["cc @li-wei and @sam", "cc @\u200Dli-wei and @\u200Dsam"],
    ["mail me at ops@example.com", "mail me at ops@example.com"],
    ["_@acme/platform-team_ in emphasis", "_@\u200Dacme/platform-team_ in emphasis"],
    ["`@in-code` too, harmlessly", "`@\u200Din-code` too, harmlessly"],
    ["no mentions", "no mentions"],
  ])("%j", (input, want) => {
    expect(neutraliseMentions(input)).toBe(want);
  });
});
