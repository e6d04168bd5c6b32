import { describe, expect, it } from "vitest";
import { isAnswered, normaliseHeading, parseSections } from "../../src/core/text/parse-sections.ts";

const known = new Set(["impact scope", "symptom and error message", "start time", "steps to reproduce", "environment", "影响范围", "环境", "root cause"].map(normaliseHeading));

describe("parseSections", () => {
  it.each([
    {
      name: "issue-form output with _No response_",
      body: "### Impact scope\n\nAll users\n\n### Start time\n\n_No response_\n",
      want: { "impact scope": "All users", "start time": "_No response_" },
    },
    {
      name: "a ### line pasted inside an answer stays in the answer",
      body: "### Symptom and error message\n\nStack:\n### Traceback (most recent call last)\nboom\n\n### Environment\n\nmacOS",
      want: { "symptom and error message": "Stack:\n### Traceback (most recent call last)\nboom", environment: "macOS" },
    },
    {
      name: "Chinese headings and full-width colons",
      body: "### 影响范围：\n所有用户\n### 环境\nWindows",
      want: { 影响范围: "所有用户", 环境: "Windows" },
    },
    {
      name: "free-form 'Heading: answer' lines",
      body: "Impact scope: one team\nEnvironment: Chrome 120\nThanks!",
      want: { "impact scope": "one team", environment: "Chrome 120\nThanks!" },
    },
    {
      name: "headings inside code fences are not headings",
      body: "### Steps to reproduce\n```\n### Environment\n```\n",
      want: { "steps to reproduce": "```\n### Environment\n```" },
    },
    {
      name: "bold headings and headings with a suffix",
      body: "**Impact scope**\nA few\n### Environment (OS, browser, app version)\nLinux",
      want: { "impact scope": "A few", environment: "Linux" },
    },
    {
      name: "the first real answer wins when the form is pasted twice",
      body: "### Environment\nLinux\n### Environment\n_No response_",
      want: { environment: "Linux" },
    },
  ])("$name", ({ body, want }) => {
    expect(Object.fromEntries(parseSections(body, known).sections)).toEqual(want);
  });

  it("collects ticked task items only", () => {
    const { ticked } = parseSections("- [x] Root cause: DNS\n- [ ] Solution\n* [X] Verified by reporter", known);
    expect(ticked).toEqual(["root cause: dns", "verified by reporter"]);
  });
});

describe("isAnswered", () => {
  it.each([
    ["_No response_", false],
    ["", false],
    ["  N/A ", false],
    ["无", false],
    ["<!-- placeholder -->", false],
    ["All users", true],
    ["0", true],
  ])("%j → %s", (text, want) => {
    expect(isAnswered(text)).toBe(want);
  });
});

describe("parseSections on large input", () => {
  // A quadratic scan would take minutes here and hit the test timeout; a linear one, milliseconds.
  it("handles 200,000 lines without a colon", () => {
    const body = `### Impact scope\n${"line without a separator\n".repeat(200_000)}`;
    const parsed = parseSections(body, known);
    expect(parsed.sections.get("impact scope")?.length).toBeGreaterThan(1_000_000);
  });
});

describe("answers followed by an unknown heading", () => {
  it("an empty answer stays empty when an unknown section follows it", () => {
    const body = "### Environment\n\n_No response_\n\n### Additional context\n\n_No response_";
    expect(isAnswered(parseSections(body, known).sections.get("environment"))).toBe(false);
  });
  it("a real answer with an unknown heading pasted in is an answer", () => {
    const body = "### Environment\n\n### Pasted heading\nmacOS 15";
    expect(isAnswered(parseSections(body, known).sections.get("environment"))).toBe(true);
  });
});
