/**
 * The category of an issue: the first category in the rule file's order that the issue's labels
 * (in any case), component or type mark, else the first whose text pattern matches.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { JIRA_CAPABILITIES } from "../../src/jira/capabilities.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import type { IssueSpecInput } from "../../src/rule-tests/test-file-schema.ts";

const scratch = mkdtempSync(join(tmpdir(), "shepherd-categories-"));
let counter = 0;
function rulesFrom(text: string): Rules {
  const path = join(scratch, `r${counter++}.yml`);
  writeFileSync(path, `priority: { levels: { P2: {} } }\n${text}`);
  const { rules, diagnostics } = readRules(path);
  if (!rules) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return rules;
}

const NOW = Date.parse("2026-03-11T10:00:00+08:00");
const issue = (spec: Partial<IssueSpecInput>): Issue => issueFromSpec({ title: "Report", body: "Something broke", created: "2026-03-11T09:00:00+08:00", ...spec }, 0);
const categoryOf = (i: Issue, rules: Rules): string | undefined => evaluate(i, rules, NOW).category;

const RULES = rulesFrom(
  [
    "categories:",
    "  hardware: { labels: [Printer, shared] }",
    "  software: { labels: [bug, shared], text: crash }",
    "  network: { labels: [vpn], components: [Gateway], text: timeout }",
  ].join("\n"),
);

describe("categories", () => {
  it("take the first category in the file's order that a label marks, whatever the labels' order on the issue", () => {
    expect(categoryOf(issue({ labels: ["vpn", "bug"] }), RULES)).toBe("software");
    expect(categoryOf(issue({ labels: ["bug", "printer"] }), RULES)).toBe("hardware");
    // A label two categories name marks the first of them.
    expect(categoryOf(issue({ labels: ["SHARED"] }), RULES)).toBe("hardware");
  });

  it("compare labels in any case, and fall back on the text only when no marker matches", () => {
    expect(categoryOf(issue({ labels: ["VPN"], title: "crash on start" }), RULES)).toBe("network");
    expect(categoryOf(issue({ labels: ["question"], title: "crash on start" }), RULES)).toBe("software");
    expect(categoryOf(issue({ labels: [] }), RULES)).toBeUndefined();
  });

  it("read a component as a marker in the category's place in the order", () => {
    const withComponent = { ...issue({ labels: ["vpn"] }), capabilities: JIRA_CAPABILITIES, fields: { components: ["Gateway"] } };
    expect(categoryOf(withComponent, RULES)).toBe("network");
    expect(categoryOf({ ...withComponent, labels: ["bug"] }, RULES)).toBe("software");
  });

  it("work the same with more categories than fit one look-up of the labels", () => {
    const many = Array.from({ length: 40 }, (_, i) => `  c${i}: { labels: [label-${i}] }`);
    const rules = rulesFrom(["categories:", ...many].join("\n"));
    expect(categoryOf(issue({ labels: ["LABEL-35", "label-39"] }), rules)).toBe("c35");
    expect(categoryOf(issue({ labels: ["label-2", "label-31"] }), rules)).toBe("c2");
  });
});
