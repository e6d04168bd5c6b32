/**
 * The GitHub audit's reads at the speed GitHub allows, on the local fake GitHub through the real
 * adapter. Prints, each on a line of its own:
 *
 *   audit reads (long issues): <N> (minimum <M>)
 *       200 open issues with 250 comments and 150 events each; M is the fewest GraphQL requests
 *       GitHub's limits allow (pages of 100, cursors one after another, 500,000 nodes a query)
 *   audit read wait: <S> s (read phase <P> s)
 *       the 1,000-issue audit's reads with pacing on, as the Action runs: time requests spent
 *       inside the Octokit before going out (waiting on pacing), measured from the outermost
 *       request hook to the call of fetch, beside the whole read phase
 */
import { fileURLToPath } from "node:url";
import { runAudit } from "../src/audit/run-audit.ts";
import { readRules } from "../src/config/read-rules.ts";
import { createGitHubTracker } from "../src/github/create-github-tracker.ts";
import { createOctokit } from "../src/github/create-octokit.ts";
import { startFakeGitHub } from "../test/fakes/github/fake-github-server.ts";
import type { FakeSeed } from "../test/fakes/github/fake-state.ts";
import { realisticSeed, restComment, restEvent, restIssue } from "../test/fakes/github/make-issues.ts";
import { minimumReads } from "../test/fakes/github/read-minimum.ts";

const NOW = Date.parse("2026-03-11T10:00:00+08:00");
const WEEK = 7 * 24 * 60 * 60 * 1000;

function longIssues(count: number, comments: number, events: number): FakeSeed {
  const issues: FakeSeed["issues"] = [];
  for (let n = 1; n <= count; n++) {
    const createdAt = NOW - 30 * 24 * 3_600_000 + n * 60_000;
    issues.push({
      issue: restIssue({ number: n, createdAt, labels: ["bug"] }),
      comments: Array.from({ length: comments }, (_, c) => restComment(c % 2 ? "li-wei" : "reporter", c % 2 ? "MEMBER" : "NONE", `Update ${c}`, createdAt + c * 1000)),
      timeline: Array.from({ length: events }, (_, e) => restEvent(e % 2 ? "unlabeled" : "labeled", "li-wei", createdAt + e * 1000, { label: { name: "waiting" } })),
    });
  }
  return { repository: "acme/support", ownerType: "User", issues };
}

async function longIssueReads(): Promise<{ reads: number; minimum: number }> {
  const fake = await startFakeGitHub([longIssues(200, 250, 150)], { now: () => NOW });
  try {
    const octokit = createOctokit({ token: "bench", baseUrl: fake.url, pacing: false });
    const tracker = createGitHubTracker({ octokit, repository: "acme/support", graphqlUrl: fake.graphqlUrl, botLogins: [] });
    let comments = 0;
    let events = 0;
    for await (const issue of tracker.listIssues({})) {
      comments += issue.comments.length;
      events += issue.history.length;
    }
    if (comments !== 200 * 250 || events !== 200 * 150) throw new Error(`read ${comments} comments and ${events} events, expected ${200 * 250} and ${200 * 150}`);
    if (fake.violations.length > 0) throw new Error(`requests outside the contract:\n${fake.violations.slice(0, 5).join("\n")}`);
    const reads = fake.requests.filter((r) => r.method === "GET" || r.path === "/graphql").length;
    return { reads, minimum: minimumReads(Array.from({ length: 200 }, () => ({ comments: 250, events: 150 }))) };
  } finally {
    await fake.close();
  }
}

async function readWait(): Promise<{ waitMs: number; phaseMs: number }> {
  const { rules, diagnostics } = readRules(fileURLToPath(new URL("../rules/support.yml", import.meta.url)));
  if (!rules) throw new Error(`rules invalid: ${diagnostics.map((d) => d.message).join("; ")}`);
  const fake = await startFakeGitHub([realisticSeed(1000, NOW)], { now: () => NOW });
  try {
    // When each GraphQL request entered the Octokit, by its body; the fetch it reaches closes it.
    const entered = new Map<string, number[]>();
    let waitMs = 0;
    const octokit = createOctokit({
      token: "bench",
      baseUrl: fake.url,
      fetch: (input, init) => {
        const started = typeof init?.body === "string" ? entered.get(init.body)?.shift() : undefined;
        if (started !== undefined) waitMs += performance.now() - started;
        return fetch(input, init);
      },
    });
    octokit.hook.before("request", (options) => {
      const { query, variables } = options as { query?: unknown; variables?: unknown };
      if (typeof query !== "string") return;
      const key = JSON.stringify({ query, variables });
      entered.set(key, [...(entered.get(key) ?? []), performance.now()]);
    });
    const tracker = createGitHubTracker({ octokit, repository: "acme/support", graphqlUrl: fake.graphqlUrl, botLogins: rules.botLogins });
    const start = performance.now();
    // A dry run is the audit's read phase alone.
    await runAudit({ tracker, rules, now: NOW, dryRun: true, maxWrites: null, scope: { closedSince: NOW - WEEK } });
    return { waitMs, phaseMs: performance.now() - start };
  } finally {
    await fake.close();
  }
}

export async function main(): Promise<void> {
  const long = await longIssueReads();
  console.log(`audit reads (long issues): ${long.reads} (minimum ${long.minimum})`);
  const wait = await readWait();
  console.log(`audit read wait: ${(wait.waitMs / 1000).toFixed(2)} s (read phase ${(wait.phaseMs / 1000).toFixed(2)} s)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
