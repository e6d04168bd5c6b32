/**
 * Similar past cases on GitHub, as a team meets them: the real adapter against the fake GitHub
 * (its search API answered by the in-memory GitHub, every request checked against the REST
 * contract), the example team file. A new report about a problem solved before gets that case,
 * with its root cause and solution, in its one intake comment; a rerun writes nothing; an
 * unrelated report gets none; a similar issue that is still open, or was closed as not planned,
 * is never offered; a rate-limited search offers nothing and fails nothing.
 */
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createSimilarCaseFinder } from "../../src/audit/find-similar-cases.ts";
import { runAudit } from "../../src/audit/run-audit.ts";
import { readRules } from "../../src/config/read-rules.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { restComment, restEvent, restIssue } from "../fakes/github/make-issues.ts";

const { rules } = readRules(fileURLToPath(new URL("../../rules/example.yml", import.meta.url)));
if (!rules) throw new Error("the example rules do not load");
const HOUR = 3_600_000;
const NOW = Date.parse("2026-03-11T10:00:00+08:00");
const SOLVED_AT = NOW - 5 * 24 * HOUR;
/** One request and the client's three retries of a rate-limited one. */
const ATTEMPTS = 4;

const CHECKOUT = { impact: "Card payments of the web shop", steps: "1. Add an item\n2. Pay by card", environment: "Chrome 132, web checkout" };
const INVOICES = { impact: "Our accounting team", steps: "1. Open Billing\n2. Download last month's invoice", environment: "Adobe Reader 2025" };

const form = (symptom: string, about: typeof CHECKOUT = CHECKOUT) =>
  [
    ["Impact scope", about.impact],
    ["Symptom and error message", symptom],
    ["Start time", "2026-03-11 09:30"],
    ["Steps to reproduce", about.steps],
    ["Environment", about.environment],
  ]
    .map(([heading, text]) => `### ${heading}\n\n${text}`)
    .join("\n\n");

const RECORD =
  "### Root cause\nThe payment gateway's connection pool was exhausted by retries that never released their connections.\n" +
  "### Solution\nReleased connections on retry and raised the pool to 200.\n### Verification\nCheckout load test at 3x traffic passed.";

/** A closed issue with its closing record, by the team, closed as `reason`. */
function closed(number: number, title: string, reason: "completed" | "not_planned") {
  const created = SOLVED_AT - 3 * HOUR;
  return {
    issue: restIssue({ number, title, body: form("Checkout fails with 504 Gateway Timeout when paying by card"), labels: ["priority/P1"], author: "shop-owner", assignees: ["li-wei"], createdAt: created, state: "closed", stateReason: reason, closedAt: SOLVED_AT }),
    comments: [restComment("li-wei", "MEMBER", "Looking into it.", created + 10 * 60_000), restComment("li-wei", "MEMBER", RECORD, SOLVED_AT - 60_000)],
    timeline: [restEvent("labeled", "li-wei", created + 60_000, { label: { name: "priority/P1" } }), restEvent("closed", "li-wei", SOLVED_AT, { state_reason: reason })],
  };
}

const report = (number: number, title: string, symptom: string, minutesAgo: number, about = CHECKOUT) => ({
  issue: restIssue({ number, title, body: form(symptom, about), author: `merchant-${number}`, createdAt: NOW - minutesAgo * 60_000 }),
  comments: [],
  timeline: [],
});

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start() {
  let now = NOW;
  fake = await startFakeGitHub(
    [
      {
        repository: "acme/support",
        ownerType: "User",
        issues: [
          closed(1, "Card payments fail at checkout with 504 gateway timeout", "completed"),
          closed(2, "Card payments fail at checkout with 504 gateway timeout (EU shop)", "not_planned"),
          // Still open: another report of the same problem, never a case.
          report(3, "Checkout: card payment fails with 504 gateway timeout", "504 Gateway Timeout when paying by card", 60),
          // Its environment is missing: the intake asks for it in the same comment.
          report(4, "504 gateway timeout on card payments at checkout since this morning", "Paying by card at checkout ends with 504 Gateway Timeout", 5, { ...CHECKOUT, environment: "_No response_" }),
          report(5, "Invoice PDF shows the old company logo", "The logo in invoice PDFs is last year's", 4, INVOICES),
        ],
      },
    ],
    { now: () => now },
  );
  const octokit = createOctokit({ token: "t0k3n", baseUrl: fake.url, pacing: false, retryBaseMs: 5 });
  const tracker = createGitHubTracker({ octokit, repository: "acme/support", graphqlUrl: fake.graphqlUrl, botLogins: rules!.botLogins });
  const server = fake;
  const problems: string[] = [];
  const audit = async (at: number) => {
    now = at;
    const from = server.requests.length;
    const result = await runAudit({ tracker, rules: rules!, now: at, dryRun: false, maxWrites: null, scope: { closedSince: at - 7 * 24 * HOUR }, onProblem: (p) => problems.push(p) });
    expect(server.violations).toEqual([]);
    expect(result.totals.failed).toBe(0);
    const requests = server.requests.slice(from);
    return { report: result, writes: requests.filter((r) => r.write), searches: requests.filter((r) => r.path === "/search/issues") };
  };
  const toolComments = (number: number) => server.state.get("acme", "support", number)!.comments.filter((c) => c.user?.login === "github-actions[bot]");
  return { fake: server, tracker, audit, toolComments, problems };
}

describe("similar past cases on GitHub, through the real adapter", () => {
  it("offers the solved case with its root cause in the report's one comment; a rerun writes nothing", async () => {
    const { audit, toolComments } = await start();
    const first = await audit(NOW);
    // Searches ask for closed, completed issues of the repository only.
    expect(first.searches.length).toBeGreaterThan(0);
    for (const search of first.searches) {
      expect(new URLSearchParams(search.query).get("q")).toMatch(/^repo:acme\/support is:issue is:closed reason:completed \(.+\)$/);
    }
    const comments = toolComments(4);
    expect(comments).toHaveLength(1);
    const [comment] = comments;
    expect(comment?.body).toContain("Similar problems were solved before");
    expect(comment?.body).toContain("[Card payments fail at checkout with 504 gateway timeout](https://github.com/acme/support/issues/1) (#1)");
    expect(comment?.body).toContain("Root cause: The payment gateway's connection pool was exhausted by retries that never released their connections.");
    expect(comment?.body).toContain("Solution: Released connections on retry and raised the pool to 200.");
    expect(comment?.body).toContain("To work on it we still need:\n\n- [ ] Environment");
    // One comment carrying both notices' keys.
    expect(comment?.body).toMatch(/<!-- issue-shepherd:intake\/missing intake\/similar-cases\/[0-9a-f]{8} -->\s*$/);
    // Never the not-planned closure, never the open report.
    for (const number of [3, 4, 5]) {
      for (const c of toolComments(number)) expect(c.body).not.toMatch(/issues\/(2|3|4|5)\)/);
    }
    // The unrelated report gets no case.
    expect(toolComments(5).some((c) => c.body?.includes("Similar problems") === true)).toBe(false);

    const again = await audit(NOW + 10 * 60_000);
    expect(again.writes).toEqual([]);
    // A report that was offered its cases is not searched for again: only the unrelated one is.
    expect(again.searches.map((r) => new URLSearchParams(r.query).get("q"))).toEqual([expect.stringContaining('"invoice"')]);
    expect(toolComments(4)).toHaveLength(1);
  });

  it("a rate-limited search offers nothing and fails nothing; the next run offers the case", async () => {
    const { fake, audit, toolComments, problems } = await start();
    const reset = String(Math.floor(NOW / 1000) + 3600);
    fake.inject({ method: "GET", path: /^\/search\/issues$/, status: 403, headers: { "x-ratelimit-limit": "30", "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset, "x-ratelimit-resource": "search" }, body: { message: "API rate limit exceeded for user ID 1." }, times: ATTEMPTS });
    const limited = await audit(NOW);
    expect(limited.report.totals.failed).toBe(0);
    expect(toolComments(4).some((c) => c.body?.includes("Similar problems") === true)).toBe(false);
    // One search refused (with the client's retries of it), then no more searches in that run.
    expect(limited.searches).toHaveLength(ATTEMPTS);
    expect(new Set(limited.searches.map((r) => r.query)).size).toBe(1);
    expect(limited.searches.every((r) => r.status === 403)).toBe(true);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^acme\/support#\d+: no similar cases offered in this run, the search failed: .*rate limit.*; no more searches in this run$/i);

    await audit(NOW + 10 * 60_000);
    const offered = toolComments(4).filter((c) => c.body?.includes("Similar problems") === true);
    expect(offered).toHaveLength(1);
    expect(offered[0]?.body).toContain("(#1)");
  });

  it("a run searches for at most so many reports; the rest wait for the next run", async () => {
    const { fake, tracker } = await start();
    const finder = createSimilarCaseFinder({ tracker, rules: rules, now: NOW, maxSearches: 1 });
    const first = await finder.find(await tracker.getIssue("4"));
    expect(first?.map((c) => c.key)).toEqual(["#1"]);
    const from = fake.requests.length;
    expect(await finder.find(await tracker.getIssue("5"))).toBeUndefined();
    expect(fake.requests.slice(from).filter((r) => r.path === "/search/issues")).toEqual([]);
    // A closed issue, or one the team answered, is never searched for.
    expect(await createSimilarCaseFinder({ tracker, rules: rules, now: NOW }).find(await tracker.getIssue("1"))).toBeUndefined();
  });
});
