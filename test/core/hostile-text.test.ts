/**
 * Hostile text: every parser and matcher that sees issue text is linear in its length. Each is
 * fed adversarial inputs from 1 KB up to 1 MB (the 60,000-space heading, many `<!--`, many `@`,
 * long runs of `#`, `-`, `*`, `|`, `_`, nested lists, `\r`-only line breaks, combining marks) and
 * must stay within a fixed per-kilobyte slow-down of its 1 KB time (see linear-time.ts).
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { AuditReport, IssueReport } from "../../src/audit/run-audit.ts";
import { renderSummary } from "../../src/action/render-summary.ts";
import { formatIssue } from "../../src/cli/format-report.ts";
import { readRules } from "../../src/config/read-rules.ts";
import { evaluate } from "../../src/core/evaluate.ts";
import { compileMatcher } from "../../src/core/rules/matcher.ts";
import type { TextMatcher } from "../../src/core/rules/rules.ts";
import { defuseMarkers, readMarker, withMarker } from "../../src/core/text/hidden-key.ts";
import { neutraliseMentions } from "../../src/core/text/neutralise-mentions.ts";
import { isAnswered, normaliseHeading, parseSections } from "../../src/core/text/parse-sections.ts";
import { renderCommentBody } from "../../src/github/render-comment.ts";
import { adfToText } from "../../src/jira/adf.ts";
import { splitDigest } from "../../src/core/engine/digest.ts";
import { textToAdf, toAdfWithMentions } from "../../src/jira/adf-from-text.ts";
import { parseDelivery } from "../../src/jira/webhook/parse-delivery.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import { expectLinear, KB, repeatTo } from "./linear-time.ts";

const { rules } = readRules(fileURLToPath(new URL("../../rules/support.yml", import.meta.url)));
if (!rules) throw new Error("the support preset does not load");
const NOW = Date.parse("2026-03-11T10:00:00+08:00");

/** Adversarial bodies by name: each builds about `size` code units of one pattern. */
const PATTERNS: Record<string, (size: number) => string> = {
  "`# x`, spaces, `y`": (n) => `# x${" ".repeat(Math.max(0, n - 4))}y`,
  "`### `, spaces, a line separator": (n) => `### ${" ".repeat(Math.max(0, n - 7))}x\u2028y`,
  "many `<!--`": (n) => repeatTo("<!--", n),
  "`<!--` then dashes": (n) => `<!--${"-".repeat(Math.max(0, n - 5))}>`,
  "many `@`": (n) => repeatTo("@", n),
  "`@a` repeated": (n) => repeatTo("@a-b/", n),
  "`###` repeated": (n) => repeatTo("###", n),
  "`###` lines": (n) => repeatTo("### Environment\n", n),
  "a line of `-`": (n) => repeatTo("-", n),
  "a line of `*`": (n) => repeatTo("*", n),
  "a line of `|`": (n) => repeatTo("|", n),
  "bold heading, spaces": (n) => `**x${" ".repeat(Math.max(0, n - 4))}y`,
  "`Label:`, spaces, a line separator": (n) => `Impact scope:${" ".repeat(Math.max(0, n - 16))}x\ry`,
  "a label of spaces": (n) => `ab${" ".repeat(Math.max(0, n - 3))}x:`,
  "task item, spaces, `\\r`": (n) => `- [x] ${" ".repeat(Math.max(0, n - 9))}a\rb`,
  "fence, spaces": (n) => `\`\`\`${" ".repeat(Math.max(0, n - 4))}!`,
  "many fences": (n) => repeatTo("```\n", n),
  "nested lists": (n) => repeatTo(Array.from({ length: 40 }, (_, i) => `${"  ".repeat(i)}- [x] item ${i}\n`).join(""), n),
  "`\\r`-only line breaks": (n) => repeatTo("### Impact scope\r**Environment**\rStart time: now\r", n),
  "combining marks": (n) => `a${"\u0301".repeat(n - 1)}`,
  "a million `_`": (n) => repeatTo("_", n),
  "markers": (n) => repeatTo("<!-- issue-shepherd:intake/missing -->", n),
  "bold and code, interleaved": (n) => repeatTo("**a `b** c` ", n),
  "one backtick, then bold": (n) => `\`${repeatTo("**x** ", n - 1)}`,
};

const issueWith = (body: string, extra: Partial<Parameters<typeof issueFromSpec>[0]> = {}) =>
  issueFromSpec({ title: "Checkout fails", body, created: "2026-03-10T10:00:00+08:00", labels: [], ...extra }, 0);

const known = new Set(["impact scope", "symptom and error message", "start time", "steps to reproduce", "environment"]);

describe.each(Object.entries(PATTERNS))("%s", (_name, make) => {
  it("is evaluated in linear time with the support preset", () => {
    const growth = expectLinear("evaluate", make, (body) => evaluate(issueWith(body), rules, NOW));
    expect(growth.times.get(1024 * KB)).toBeDefined();
  }, 120_000);

  it("is linear in every text parser and matcher", () => {
    const matcher = compileMatcher("(?i)\\b(outage|down|all users)\\b|宕机") as TextMatcher;
    const parsers: [string, (text: string) => unknown][] = [
      ["parseSections", (t) => parseSections(t, known)],
      ["normaliseHeading", (t) => normaliseHeading(t)],
      ["isAnswered", (t) => isAnswered(t)],
      ["neutraliseMentions", (t) => neutraliseMentions(t)],
      ["readMarker", (t) => readMarker(t)],
      ["defuseMarkers", (t) => defuseMarkers(t)],
      ["withMarker", (t) => withMarker(t, "intake/missing")],
      ["a rule's text matcher", (t) => matcher.test(t)],
      ["renderCommentBody", (t) => renderCommentBody(t, ["li-wei"], "intake/missing")],
      ["textToAdf", (t) => textToAdf(t)],
      ["toAdfWithMentions", (t) => toAdfWithMentions(t, ["acc-1"])],
      ["splitDigest", (t) => splitDigest(t)],
      ["adfToText", (t) => adfToText({ type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "text", text: t }] }] })],
      ["parseDelivery", (t) => parseDelivery(Buffer.from(JSON.stringify({ webhookEvent: "jira:issue_updated", issue: { key: t } })))],
    ];
    for (const [name, run] of parsers) expectLinear(name, make, run);
  }, 120_000);
});

describe("the 60,000-space heading (GitHub's body limit is 65,536)", () => {
  const body = `# x${" ".repeat(60_000)}y`;
  it("is one heading whose text is the whole line, trimmed", () => {
    const sections = parseSections(`### Impact scope\n${body}\n### Environment\nweb`, known).sections;
    expect(sections.get("impact scope")).toBe(body);
    expect(sections.get("environment")).toBe("web");
    expect(normaliseHeading(`x${" ".repeat(60_000)}y`)).toBe("x y");
  });

  it("does not stop the rest of the evaluation", () => {
    const plan = evaluate(issueWith(body), rules, NOW);
    expect(plan.operations.some((op) => op.kind === "add-labels" && op.labels.includes("needs-info"))).toBe(true);
  });
});

describe("the tool's own sticky comment holding hostile text", () => {
  it("is compared with the wanted text in linear time", () => {
    expectLinear(
      "sticky comparison",
      (n) => repeatTo("<!-- x ", n),
      (text) => evaluate(issueWith("Please help", { comments: [{ author: "shepherd", at: "2026-03-10T10:05:00+08:00", body: text, key: "intake/missing" }] }), rules, NOW),
    );
  }, 120_000);
});

describe("Jira ADF", () => {
  /** A document nested `depth` levels deep, built as JSON text the way a delivery arrives. */
  const nested = (depth: number, kind: string) =>
    `{"type":"doc","version":1,"content":[${`{"type":"${kind}","content":[`.repeat(depth)}{"type":"text","text":"deep"}${"]}".repeat(depth)}]}`;

  it.each(["bulletList", "blockquote", "listItem", "tableCell", "unknownNode", "placeholder"])("%s nested 100,000 levels deep is read without overflowing the stack", (kind) => {
    const doc = JSON.parse(nested(100_000, kind)) as unknown;
    expect(adfToText(doc)).toContain("deep");
  });

  it("nested lists with text at every level are read in linear time", () => {
    // Built as text: the JSON of thousands of levels is too deep for JSON.stringify.
    const item = (d: number) => `{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"level ${d}"}]},`;
    const list = (depth: number) => {
      let open = "";
      for (let d = 1; d <= depth; d++) open += `{"type":"bulletList","content":[${item(d)}`;
      return `{"type":"doc","version":1,"content":[${open}{"type":"rule"}${"]}]}".repeat(depth)}]}`;
    };
    expectLinear("adfToText on nested lists", (n) => list(Math.round(n / 110)), (json) => adfToText(JSON.parse(json)));
  }, 120_000);

  it("nesting people use is rendered as before: indented lists and quotes", () => {
    const doc = {
      type: "doc",
      version: 1,
      content: [
        {
          type: "bulletList",
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "one" }] }, { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "two" }] }] }] }] },
          ],
        },
        { type: "blockquote", content: [{ type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "quoted" }] }] }] },
      ],
    };
    expect(adfToText(doc)).toBe("- one\n  - two\n\n> > quoted");
  });
});

describe("Jira deliveries", () => {
  it("a changelog of many items is read in linear time", () => {
    expectLinear(
      "parseDelivery changelog",
      (n) => JSON.stringify({ webhookEvent: "jira:issue_updated", issue: { key: "SUP-1" }, changelog: { items: Array.from({ length: Math.round(n / 20) }, (_, i) => ({ field: `f${i}` })) } }),
      (json) => parseDelivery(Buffer.from(json)),
    );
  }, 120_000);
});

describe("reports with huge or odd titles", () => {
  const issueReport = (title: string): IssueReport =>
    ({ id: "acme/support#7", url: "https://github.com/acme/support/issues/7", title, state: "open", priority: "P1", priorityInferred: false, clocks: [], operations: [{ operation: { kind: "add-labels", labels: ["needs-info"], rule: "intake", reason: "missing" }, status: "applied" }] }) as unknown as IssueReport;
  const plain = { bold: (s: string) => s, dim: (s: string) => s, red: (s: string) => s, green: (s: string) => s, yellow: (s: string) => s } as Parameters<typeof formatIssue>[1];
  const report = (title: string) =>
    ({ tracker: "acme/support", now: "2026-03-11T02:00:00Z", dryRun: false, issues: [issueReport(title)], totals: { issues: 1, changes: 1, failed: 0, deferred: 0, breached: 0, atRisk: 0 }, budget: { max: null, used: 1, exhausted: false } }) as unknown as AuditReport;

  it.each(Object.entries(PATTERNS))("%s as a title: terminal and job summary in linear time", (_name, make) => {
    expectLinear("formatIssue", make, (title) => formatIssue(issueReport(title), plain));
    expectLinear("renderSummary", make, (title) => renderSummary(report(title), { title: "audit", reportPath: "report.json" }));
  }, 120_000);

  it("a title is one terminal line without escape sequences, and a huge one is cut", () => {
    const [head] = formatIssue(issueReport(`Pay\u001b[2J\nfake line\r${"x".repeat(5000)}`), plain);
    expect([...(head ?? "")].some((ch) => ch < " ")).toBe(false);
    expect(head?.length).toBeLessThan(300);
    expect(head).toMatch(/^acme\/support#7 {2}P1 {2}Pay \[2J fake line x+…$/);
  });

  it("a title cannot end its link or undo the pipe escape in the job summary", () => {
    const md = renderSummary(report("a\\|b] (x) 😀".padEnd(200, "😀")), { title: "audit", reportPath: "r" });
    const row = md.split("\n").find((line) => line.startsWith("| [#7"));
    expect(row).toContain("a\\\\\\|b\\] (x)");
    expect(row).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
