/**
 * The four formats with hostile names in them (an assignee id or a category as a tracker or a
 * rule file may spell it): Markdown tables keep their columns, CSV cells cannot run as
 * spreadsheet formulas, HTML shows the text and never runs it.
 */
import { describe, expect, it } from "vitest";
import { formatCsv } from "../../src/report/format-csv.ts";
import { formatHtml } from "../../src/report/format-html.ts";
import { formatJson } from "../../src/report/format-json.ts";
import { formatMarkdown } from "../../src/report/format-markdown.ts";
import type { PeriodFigures, Review } from "../../src/report/review.ts";

const HOSTILE = '=HYPERLINK("http://x")|<script>alert(1)</script>';

function figures(from: string, to: string, assignee: string): PeriodFigures {
  return {
    period: { from, to, timezone: "Asia/Shanghai" },
    asOf: "2026-03-31T15:59:59.999Z",
    issues: { created: 3, closed: 2, open: 1, reopened: 0 },
    reopenRate: 0,
    clocks: [{ clock: "first-response", priority: "P2", count: 2, met: 1, breached: 1, metRate: 0.5, medianBusinessMinutes: 90, p90BusinessMinutes: 150, medianWallMinutes: 120, p90WallMinutes: 200 }],
    mtta: { count: 2, meanBusinessMinutes: 90 },
    mttr: { count: 0, meanBusinessMinutes: null },
    byPriority: [{ priority: "P2", count: 2, breached: 1, breachRate: 0.5 }],
    byCategory: [{ category: "net|work", count: 2, breached: 1, breachRate: 0.5 }],
    byAssignee: [{ assignee, count: 2, breached: 1, breachRate: 0.5 }],
    resolutionTimes: [{ label: "≤ 1 h", upToBusinessMinutes: 60, count: 0 }, { label: "> 1 h", upToBusinessMinutes: null, count: 0 }],
    backlog: { total: 1, byAge: [{ age: "< 1 d", count: 1, byPriority: { P2: 1 } }], byPriority: [{ priority: "P2", count: 1 }] },
    feedback: { asked: 0, answered: 0, positive: 0, negative: 0, responseRate: null, positiveShare: null },
  };
}

const repeats: Review["repeats"] = {
  count: 2,
  rate: 0.5,
  clusters: [{ caseIds: ["acme/support#1", "acme/support#7"], size: 2, category: "net|work", rootCause: `pool ${HOSTILE}`, priority: "P2", shareOfPriority: 1 }],
};
const review: Review = { tracker: "acme/support", ...figures("2026-03-01", "2026-03-31", HOSTILE), repeats, previous: figures("2026-02-01", "2026-02-28", "li-wei") };

describe("the review's formats", () => {
  it("Markdown: every table row has its header's columns, hostile text escaped", () => {
    const md = formatMarkdown(review);
    const cells = (line: string) => line.replace(/\\\|/g, "").split("|").length;
    for (const table of md.trimEnd().split("\n\n").filter((block) => block.startsWith("|"))) {
      const [head, ...rows] = table.split("\n");
      for (const row of rows) expect(cells(row), row).toBe(cells(head as string));
    }
    expect(md).toContain("\\<script\\>");
    expect(md).not.toContain("<script>");
    expect(md).toContain("| 50% | 1 h 30 min | 2 h 30 min | 50% |");
    expect(md).toContain("| 2: acme/support\\#1, acme/support\\#7 | net\\|work | pool =HYPERLINK(\"http://x\")\\|\\<script\\>alert(1)\\</script\\> | P2 | 100% |");
  });

  it("CSV: eight columns on every row, quoted where needed, formulas defused", () => {
    const lines = formatCsv(review).trimEnd().split("\r\n");
    const row = lines.find((l) => l.includes(",assignee,") && l.includes("alert"));
    expect(row).toBe(`2026-03-01,2026-03-31,Asia/Shanghai,assignee,"'=HYPERLINK(""http://x"")|<script>alert(1)</script>",,count,2`);
    expect(lines).toContain("2026-03-01,2026-03-31,Asia/Shanghai,mttr,,,mean_business_minutes,");
    expect(lines).toContain("2026-02-01,2026-02-28,Asia/Shanghai,assignee,li-wei,,breach_rate,0.5");
    expect(lines).toContain("2026-03-01,2026-03-31,Asia/Shanghai,repeats,acme/support#1,P2,size,2");
    expect(lines.every((l) => l.split(",").length >= 8)).toBe(true);
  });

  it("HTML: the hostile name is shown as text, nothing in it runs", () => {
    const html = formatHtml(review);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(html).toContain("pool =HYPERLINK(&#34;http://x&#34;)|&#60;script&#62;");
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  });

  it("JSON: the review as computed", () => {
    expect(JSON.parse(formatJson(review))).toEqual(review);
  });
});
