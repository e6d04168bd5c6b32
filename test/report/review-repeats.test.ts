/**
 * Repeat problems in the review, from closed issues under the shipped preset (its closure
 * checklist asks for root cause, solution and verification): worked out by hand, then read in
 * each of the four formats.
 */
import { describe, expect, it } from "vitest";
import type { Comment, Issue, Person } from "../../src/core/model.ts";
import { GITHUB_CAPABILITIES } from "../../src/github/capabilities.ts";
import { computeReview } from "../../src/report/compute-review.ts";
import { formatCsv } from "../../src/report/format-csv.ts";
import { formatHtml } from "../../src/report/format-html.ts";
import { formatJson } from "../../src/report/format-json.ts";
import { formatMarkdown } from "../../src/report/format-markdown.ts";
import { parsePeriod, type Period } from "../../src/report/period.ts";
import type { Review } from "../../src/report/review.ts";
import { lines, load } from "../core/load-in-memory.ts";
import { at } from "./core-issues.ts";

const { rules, messages } = load(lines("extends: support", "calendars: { business: { timezone: Asia/Shanghai } }"));
if (!rules) throw new Error(messages.join("\n"));
const march = parsePeriod("2026-03-01", "2026-03-31", "Asia/Shanghai") as Period;
const LEAD: Person = { id: "chen-jing", association: "MEMBER" };
/** An issue form's body: the same headings on every report, the symptom under its own, the rest left empty. */
const form = (symptom: string) =>
  ["Impact scope", "Symptom and error message", "Start time", "Steps to reproduce", "Environment"].map((h) => `### ${h}\n\n${h.startsWith("Symptom") ? symptom : "_No response_"}`).join("\n\n");

let ids = 1;
const comment = (body: string, local: string): Comment => ({ id: String(ids++), author: LEAD, body, createdAt: at(local), public: true });
const closing = (rootCause: string, solution: string) => `### Root cause\n\n${rootCause}\n\n### Solution\n\n${solution}\n\n### Verification\n\nChecked with the reporter.`;

interface Spec {
  n: number;
  title: string;
  symptom: string;
  priority: string;
  created: string;
  closed: string;
  rootCause: string;
  reason?: "completed" | "not_planned";
}

function closedIssue(spec: Spec): Issue {
  const reason = spec.reason ?? "completed";
  return {
    capabilities: GITHUB_CAPABILITIES,
    id: `acme/support#${spec.n}`,
    title: spec.title,
    body: form(spec.symptom),
    labels: [`priority/${spec.priority}`],
    state: "closed",
    closedAt: at(spec.closed),
    closeReason: reason,
    fields: {},
    author: { id: "reporter", association: "NONE" },
    assignees: [LEAD],
    createdAt: at(spec.created),
    comments: [comment("Looking into it.", `${spec.created.slice(0, 10)} 10:20`), comment(closing(spec.rootCause, "Fixed it."), spec.closed)],
    history: [{ kind: "closed", at: at(spec.closed), actor: LEAD, reason }],
  };
}

const POOL = "The connection pool was exhausted by the nightly report job holding connections.";
const issues: Issue[] = [
  // February: the problem solved the first time.
  closedIssue({ n: 1, title: "Order service 500, timeout waiting for connection from pool", symptom: "HikariPool connection is not available, request timed out after 30000ms", priority: "P1", created: "2026-02-09 10:00", closed: "2026-02-09 15:00", rootCause: POOL }),
  // March: the same problem in other words, reported after #1 was solved — a repeat.
  closedIssue({ n: 2, title: "checkout erroring again, hikari pool has no connection available", symptom: "request timed out waiting for a connection from the pool", priority: "P1", created: "2026-03-03 10:00", closed: "2026-03-03 16:00", rootCause: POOL }),
  // March: another problem — no repeat.
  closedIssue({ n: 3, title: "Printer on floor 3 prints garbage for PDFs", symptom: "Word documents print fine", priority: "P3", created: "2026-03-04 10:00", closed: "2026-03-04 12:00", rootCause: "A driver update replaced the printer driver." }),
  // March: the same problem again, but closed as not planned — no case, so not counted.
  closedIssue({ n: 4, title: "hikari pool timeout on checkout", symptom: "connection is not available, request timed out", priority: "P1", created: "2026-03-05 10:00", closed: "2026-03-05 11:00", rootCause: POOL, reason: "not_planned" }),
];

const review = computeReview({ issues, rules, period: march, now: at("2026-04-01 12:00"), tracker: "acme/support" });

describe("repeat problems in the review", () => {
  it("counts the March case that repeats a February one: 1 of the 2 cases closed in March, one cluster holding all of March's P1 cases (the preset files a connection timeout under network)", () => {
    expect(review.repeats).toEqual({
      count: 1,
      rate: 0.5,
      clusters: [{ caseIds: ["acme/support#1", "acme/support#2"], size: 2, category: "network", rootCause: POOL, priority: "P1", shareOfPriority: 1 }],
    });
  });

  it("counts nothing before the first case: February's only case repeats nothing", () => {
    const february = parsePeriod("2026-02-01", "2026-02-28", "Asia/Shanghai") as Period;
    expect(computeReview({ issues, rules, period: february, now: at("2026-04-01 12:00"), tracker: "t" }).repeats).toEqual({ count: 0, rate: 0, clusters: [] });
  });

  it("Markdown: a sentence and one table row per cluster", () => {
    const md = formatMarkdown(review);
    expect(md).toContain("## Repeat problems\n\n1 case closed in the period (50%) repeats a problem solved before.");
    expect(md).toContain(`| 2: acme/support\\#1, acme/support\\#2 | network | ${POOL} | P1 | 100% |`);
  });

  it("CSV: the repeats section after the period's figures, before the previous period's", () => {
    const rows = formatCsv(review).trimEnd().split("\r\n");
    const repeats = rows.filter((r) => r.includes(",repeats,"));
    expect(repeats).toEqual([
      "2026-03-01,2026-03-31,Asia/Shanghai,repeats,,,count,1",
      "2026-03-01,2026-03-31,Asia/Shanghai,repeats,,,rate,0.5",
      "2026-03-01,2026-03-31,Asia/Shanghai,repeats,acme/support#1,P1,size,2",
      "2026-03-01,2026-03-31,Asia/Shanghai,repeats,acme/support#1,P1,share_of_priority,1",
    ]);
    expect(rows.indexOf(repeats[0] as string)).toBeLessThan(rows.findIndex((r) => r.startsWith("2026-02-01,")));
  });

  it("HTML: a card with the share and the cluster's root cause", () => {
    const html = formatHtml(review);
    expect(html).toContain("<h2>Repeat problems</h2><p class=\"note\">1 of the cases closed in the period (50%) repeat a problem solved before");
    expect(html).toContain(`<td class="text">${POOL}</td>`);
  });

  it("JSON: the repeats as computed", () => {
    expect((JSON.parse(formatJson(review)) as Review).repeats).toEqual(review.repeats);
  });
});
