/**
 * Similar past cases on Jira, as a team meets them: the real adapter (jira.js over HTTP) against
 * the fake Jira site, its JQL search (`text ~`, `statusCategory = Done`) answered by the in-memory
 * Jira, every request checked against the contract. A new request about a problem solved before
 * gets that case with its root cause (a Jira field) and solution in one comment; a rerun writes
 * nothing; a Won't Do closure and an open request are never offered; an unrelated request gets
 * none; a search Jira refuses offers nothing and fails nothing.
 */
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/run-audit.ts";
import { readRules } from "../../src/config/read-rules.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { createJiraTracker } from "../../src/jira/create-jira-tracker.ts";
import { createMetrics } from "../../src/server/metrics.ts";
import { createIssueProcessor } from "../../src/server/process-issue.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { adf, COMPLETE_INTAKE, supportIssue, USERS } from "../fakes/jira/seed.ts";

const HOUR = 3_600_000;
const NOW = Date.parse("2026-03-11T02:00:00Z");
const SOLVED = NOW - 3 * 24 * HOUR;

const { rules } = readRules(fileURLToPath(new URL("../fakes/jira/rules.yml", import.meta.url)));
if (!rules) throw new Error("the fake site's rules do not load");

const description = (symptom: string) =>
  ["### Impact scope", "All users of the EU checkout", "### Symptom", symptom, "### Started at", "2026-03-11 08:40 CET", "### Steps to reproduce", "Pay by card.", "### Environment", "Chrome 122"].join("\n\n");

/** A closed request with its closing record in the Jira fields, resolved as `resolution`. */
const solved = (key: string, id: string, summary: string, resolution: string) =>
  supportIssue({
    key,
    id,
    summary,
    description: description("Paying by card fails with Error 502 Bad Gateway from the payment gateway."),
    status: "Done",
    assignee: USERS.agent,
    created: SOLVED - 2 * HOUR,
    comments: [{ id: `2${id}`, author: USERS.agent, text: "Looking into it.", at: SOLVED - HOUR }],
    extraFields: {
      ...COMPLETE_INTAKE,
      resolution: { name: resolution },
      customfield_10050: adf("The gateway's TLS certificate had expired, so the load balancer answered 502."),
      customfield_10054: adf("Renewed the certificate and added an expiry alert."),
      customfield_10055: adf("The reporter paid again."),
    },
  });

let fake: FakeJira | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start() {
  let now = NOW;
  fake = await startFakeJira({
    now: () => now,
    issues: [
      solved("SUP-1", "10001", "Card payments fail with 502 Bad Gateway at checkout", "Done"),
      solved("SUP-2", "10002", "Card payments fail with 502 Bad Gateway at checkout (again)", "Won't Do"),
      // Open: the same problem reported again, never a case.
      supportIssue({ key: "SUP-3", id: "10003", summary: "Checkout: 502 Bad Gateway when paying by card", description: description("502 Bad Gateway after the card form."), created: NOW - 2 * HOUR }),
      supportIssue({ key: "SUP-4", id: "10004", summary: "502 Bad Gateway on card payments since this morning", description: description("The card payment page ends with 502 Bad Gateway."), created: NOW - 10 * 60_000 }),
      supportIssue({ key: "SUP-5", id: "10005", summary: "Invoice PDF shows last year's logo", description: description("The company logo on invoice PDFs is outdated."), created: NOW - 5 * 60_000 }),
    ],
  });
  const server = fake;
  const tracker = createJiraTracker({ baseUrl: server.url, email: USERS.bot.emailAddress, apiToken: "test-api-token", now: () => now, sleep: async () => {}, maxRetries: 0 });
  const problems: string[] = [];
  const audit = async (at: number) => {
    now = at;
    const from = server.writes().length;
    const report = await runAudit({ tracker, rules: rules!, now: at, dryRun: false, maxWrites: null, scope: { jql: "project = SUP", closedSince: at - 7 * 24 * HOUR }, onProblem: (p) => problems.push(p) });
    expect(server.violations).toEqual([]);
    expect(report.totals.failed).toBe(0);
    return server.writes().slice(from);
  };
  const toolTexts = (key: string) =>
    (server.issue(key).comments as { author?: { accountId?: string }; body?: unknown }[]).filter((c) => c.author?.accountId === USERS.bot.accountId).map((c) => JSON.stringify(c.body));
  return { server, tracker, audit, toolTexts, problems };
}

describe("similar past cases on Jira, through the real adapter", () => {
  it("offers the solved case with its root cause in one comment; a rerun writes nothing; never a Won't Do or an open request", async () => {
    const { audit, toolTexts } = await start();
    await audit(NOW);
    const offered = toolTexts("SUP-4").filter((t) => t.includes("Similar problems were solved before"));
    expect(offered).toHaveLength(1);
    expect(offered[0]).toContain("SUP-1");
    expect(offered[0]).toContain("The gateway's TLS certificate had expired, so the load balancer answered 502.");
    expect(offered[0]).toContain("Renewed the certificate and added an expiry alert.");
    for (const key of ["SUP-3", "SUP-4", "SUP-5"]) for (const text of toolTexts(key)) expect(text).not.toMatch(/SUP-[2345]\b/);
    expect(toolTexts("SUP-5").some((t) => t.includes("Similar problems"))).toBe(false);
    // A minute later: the same cases, already offered.
    expect(await audit(NOW + 60_000)).toEqual([]);
  });

  it("a rate-limited search offers nothing and fails nothing, and the run searches no more", async () => {
    const { server, audit, toolTexts, problems } = await start();
    // Jira's rate limit on the case search only (the audit's own search goes through).
    server.fail({ status: 429, headers: { "retry-after": "30" }, when: (r) => r.method === "POST" && r.path.endsWith("/search/jql") && JSON.stringify(r.body).includes("text ~") });
    await audit(NOW);
    expect(toolTexts("SUP-4").some((t) => t.includes("Similar problems"))).toBe(false);
    expect(problems[0]).toMatch(/^SUP-\d: no similar cases offered in this run, the search failed: .*; no more searches in this run$/);
    expect(problems).toHaveLength(1);
  });

  it("the webhook server offers the case too, once: a second delivery writes nothing", async () => {
    const { server, tracker, toolTexts } = await start();
    const processor = createIssueProcessor({
      tracker,
      rules: rules,
      now: () => NOW,
      logger: silentLogger,
      metrics: createMetrics({ queueDepth: () => 0, queueLimit: 0, inProgress: () => 0, memory: () => 0 }),
    });
    await processor("SUP-4");
    const offered = toolTexts("SUP-4").filter((t) => t.includes("Similar problems were solved before"));
    expect(offered).toHaveLength(1);
    expect(offered[0]).toContain("The gateway's TLS certificate had expired");
    const from = server.writes().length;
    await processor("SUP-4");
    expect(server.writes().slice(from)).toEqual([]);
    expect(server.violations).toEqual([]);
  });

  it("text ~ reads what Jira's text covers: a text field (the root cause) and the comments; done issues of the project only, never the report itself", async () => {
    const { server, tracker } = await start();
    const keys = async (terms: string[], issue = "SUP-4") => (await tracker.searchSolved({ issue, terms, limit: 10 })).map((i) => i.id).sort();
    // Only in the Root cause field of SUP-1 and SUP-2.
    expect(await keys(["certificate"])).toEqual(["SUP-1", "SUP-2"]);
    // Only in the team's comment.
    expect(await keys(["Looking into it"])).toEqual(["SUP-1", "SUP-2"]);
    // Open requests hold it too, but are not done.
    expect(await keys(["502 Bad Gateway"])).toEqual(["SUP-1", "SUP-2"]);
    expect(await keys(["certificate"], "SUP-1")).toEqual(["SUP-2"]);
    // Lucene's operators in a term are read as text, not as a query.
    expect(await keys(['cert*ficate" OR key = SUP-3 OR text ~ "x'])).toEqual([]);
    expect(server.violations).toEqual([]);
  });
});
