/**
 * One crafted issue among others does not stall an audit: through the real GitHub adapter on the
 * local fake GitHub, an issue whose body is `# x`, 60,000 spaces and `y` (within GitHub's 65,536
 * characters), and one of 16,000 `<!--`, are audited with the rest, and every other issue gets
 * exactly the changes it gets in an audit without them.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/run-audit.ts";
import { readRules } from "../../src/config/read-rules.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { realisticSeed, restIssue } from "../fakes/github/make-issues.ts";

const { rules } = readRules(fileURLToPath(new URL("../../rules/support.yml", import.meta.url)));
if (!rules) throw new Error("the support preset does not load");
const NOW = Date.parse("2026-03-11T10:00:00+08:00");
const OTHERS = 12;
const HOSTILE = { 13: `# x${" ".repeat(60_000)}y`, 14: "<!--".repeat(16_000), 15: `### Impact scope\n${"@".repeat(30_000)}\n${"- [x] ".repeat(5_000)}` };

/** Audit a seed through the GitHub adapter; the labels and comment keys of each issue afterwards. */
async function auditOf(seed: ReturnType<typeof realisticSeed>) {
  const fake = await startFakeGitHub([seed], { now: () => NOW });
  try {
    const octokit = createOctokit({ token: "test", baseUrl: fake.url, pacing: false });
    const tracker = createGitHubTracker({ octokit, repository: "acme/support", graphqlUrl: fake.graphqlUrl, botLogins: rules!.botLogins });
    const started = performance.now();
    const report = await runAudit({ tracker, rules: rules!, now: NOW, dryRun: false, maxWrites: null });
    const ms = performance.now() - started;
    expect(fake.violations).toEqual([]);
    const state = new Map<number, { labels: string[]; comments: string[] }>();
    for (const [number, entry] of fake.state.repo("acme", "support")?.issues ?? []) {
      state.set(number, {
        labels: entry.issue.labels.map((l) => l.name).sort(),
        comments: entry.comments.filter((c) => c.user?.login === "github-actions[bot]").map((c) => /issue-shepherd:([^ ]+) -->\s*$/.exec(c.body ?? "")?.[1] ?? "?").sort(),
      });
    }
    return { report, state, ms };
  } finally {
    await fake.close();
  }
}

describe("an audit with crafted issues among others", () => {
  it("finishes and applies the others' changes", async () => {
    const control = await auditOf(realisticSeed(OTHERS, NOW));
    const seed = realisticSeed(OTHERS, NOW);
    for (const [number, body] of Object.entries(HOSTILE)) {
      seed.issues.push({ issue: restIssue({ number: Number(number), title: `Crafted ${number}`, body, createdAt: NOW - 3_600_000 }) });
    }
    const run = await auditOf(seed);

    expect(control.report.totals.changes).toBeGreaterThan(0);
    expect(run.report.totals.failed).toBe(0);
    for (let n = 1; n <= OTHERS; n++) expect(run.state.get(n), `issue #${n}`).toEqual(control.state.get(n));
    // The crafted issues are evaluated too: none holds the form's answers.
    for (const number of Object.keys(HOSTILE)) {
      expect(run.state.get(Number(number))?.labels).toContain("needs-info");
      expect(run.state.get(Number(number))?.comments).toContain("intake/missing");
    }
    // Three crafted issues cost about what three ordinary ones do, not minutes.
    expect(run.ms).toBeLessThan(control.ms * 3 + 5_000);
  }, 60_000);
});
