/**
 * The GitHub audit's request budget: 1,000 open, realistic issues on the local fake
 * GitHub, audited through the real adapter (GraphQL reads, REST writes) with the support preset,
 * then audited again at once. Prints exactly:
 *
 *   audit reads: <N>      (reading the issues: at most ⌈1000/50⌉ + 5 = 25)
 *   audit write-guard reads: <N> (<N.NN> per comment posted)
 *   audit writes: <N>
 *   re-audit writes: <N>  (0: the first audit left nothing to change)
 *   writes per changed issue: <N.NN>    (at most 2: one comment, one request for the rest)
 *   comments per changed issue: <N.NN>  (at most 1)
 *
 * Write-guard reads are the price of exactly-once under concurrency, counted apart from reading
 * the issues: before a plan that comments, a one-request look whether the issue changed since it
 * was read (a full read only when it did), and after posting, a look whether a racing run posted
 * the same notice first.
 */
import { fileURLToPath } from "node:url";
import { runAudit } from "../src/audit/run-audit.ts";
import { readRules } from "../src/config/read-rules.ts";
import { createGitHubTracker } from "../src/github/create-github-tracker.ts";
import { createOctokit } from "../src/github/create-octokit.ts";
import { type RecordedRequest, startFakeGitHub } from "../test/fakes/github/fake-github-server.ts";
import { realisticSeed } from "../test/fakes/github/make-issues.ts";

const ISSUES = 1000;
const WEEK = 7 * 24 * 60 * 60 * 1000;

/** Writes: REST requests other than GET and GraphQL mutations (the fake tells them apart). */
const isRead = (r: RecordedRequest) => !r.write;
const isNewComment = (r: RecordedRequest) => r.method === "POST" && /\/issues\/\d+\/comments$/.test(r.path);
/** The apply step's looks at one issue around a comment: the issue, its comments, its timeline. */
const isGuardRead = (r: RecordedRequest) => r.method === "GET" && /\/issues\/\d+(?:\/comments|\/timeline)?$/.test(r.path);

export async function main(): Promise<void> {
  const { rules, diagnostics } = readRules(fileURLToPath(new URL("../rules/support.yml", import.meta.url)));
  if (!rules) throw new Error(`rules invalid: ${diagnostics.map((d) => d.message).join("; ")}`);
  const now = Date.parse("2026-03-11T10:00:00+08:00");
  const fake = await startFakeGitHub([realisticSeed(ISSUES, now)], { now: () => now });
  try {
    // Pacing off: GitHub's secondary limits only slow a local server down (write-pacing.test.ts
    // runs the pacer against a fake that enforces them).
    const octokit = createOctokit({ token: "bench", baseUrl: fake.url, pacing: false });
    const tracker = createGitHubTracker({ octokit, repository: "acme/support", graphqlUrl: fake.graphqlUrl, botLogins: rules.botLogins });
    const audit = async () => {
      const from = fake.requests.length;
      const report = await runAudit({ tracker, rules, now, dryRun: false, maxWrites: null, scope: { closedSince: now - WEEK } });
      const requests = fake.requests.slice(from);
      if (report.totals.failed > 0) throw new Error(`${report.totals.failed} writes failed`);
      // Changed: an issue with at least one operation applied in this run.
      const changed = report.issues.filter((issue) => issue.operations.some((op) => op.status === "applied")).length;
      const guards = requests.filter((r) => isRead(r) && isGuardRead(r)).length;
      return { reads: requests.filter((r) => isRead(r) && !isGuardRead(r)).length, guards, writes: requests.filter((r) => !isRead(r)).length, comments: requests.filter(isNewComment).length, changed };
    };
    const first = await audit();
    const second = await audit();
    if (fake.violations.length > 0) throw new Error(`requests outside the contract:\n${fake.violations.slice(0, 5).join("\n")}`);
    console.log(`audit reads: ${first.reads}`);
    console.log(`audit write-guard reads: ${first.guards} (${(first.comments === 0 ? 0 : first.guards / first.comments).toFixed(2)} per comment posted)`);
    console.log(`audit writes: ${first.writes}`);
    console.log(`re-audit writes: ${second.writes}`);
    const perChanged = (n: number) => (first.changed === 0 ? 0 : n / first.changed).toFixed(2);
    console.log(`writes per changed issue: ${perChanged(first.writes)}`);
    console.log(`comments per changed issue: ${perChanged(first.comments)}`);
  } finally {
    await fake.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
