import { describe, expect, it } from "vitest";
import { neutraliseMentions } from "../../src/core/text/neutralise-mentions.ts";

describe("neutraliseMentions", () => {
  it.each([
    ["@acme/platform-team please look", "@\u200Dacme/platform-team please look"],
    ["cc @li-wei and @sam", "cc @\u200Dli-wei and @\u200Dsam"],
    ["mail me at ops@example.com", "mail me at ops@example.com"],
    ["`@not-a-mention` in code", "`@not-a-mention` in code"],
    ["no mentions", "no mentions"],
  ])("%j", (input, want) => {
    expect(neutraliseMentions(input)).toBe(want);
  });
});
