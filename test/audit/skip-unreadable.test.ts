/**
 * An answer that lacks what a plan depends on (labels, assignees, comments, history) must never be
 * planned on as if it were empty: the audit skips that issue, says which and why, and goes on.
 */
import { afterEach, describe, expect, it } from "vitest";
import { renderSummary } from "../../src/action/render-summary.ts";
import { runAudit } from "../../src/audit/run-audit.ts";
import { formatReport } from "../../src/cli/format-report.ts";
import { coloursFor } from "../../src/cli/io.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { load, lines } from "../core/load-in-memory.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { formBody, restEvent, restIssue } from "../fakes/github/make-issues.ts";

const NOW = Date.parse("2026-03-11T02:00:00Z");
const HOUR = 3_600_000;
let fake: FakeGitHub | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface GqlNode {
  number: number;
  [key: string]: unknown;
}

/** Rewrite issue #2 of the audit page (`open` nodes) in the GraphQL answer. */
const onIssueTwo =
  (change: (node: GqlNode) => void) =>
  (body: unknown): unknown => {
    const nodes = (body as { data: { repository: { open: { nodes: GqlNode[] } } } }).data.repository.open.nodes;
    for (const node of nodes) if (node.number === 2) change(node);
    return body;
  };

async function audit(change: (node: GqlNode) => void) {
  const issues = [1, 2, 3].map((number) => ({
    issue: restIssue({ number, body: formBody(), labels: ["bug", "priority/P1"], createdAt: NOW - 2 * HOUR, assignees: ["li-wei"] }),
    comments: [],
    timeline: [restEvent("labeled", "li-wei", NOW - HOUR, { label: { name: "priority/P1" } })],
  }));
  fake = await startFakeGitHub([{ repository: "acme/support", ownerType: "User", issues }], { now: () => NOW });
  fake.inject({ method: "POST", path: /graphql/, operation: "ShepherdAuditIssues", status: 200, rewrite: onIssueTwo(change) });
  const tracker = createGitHubTracker({
    octokit: createOctokit({ token: "t", baseUrl: fake.url, pacing: false, retryBaseMs: 1 }),
    repository: "acme/support",
    graphqlUrl: fake.graphqlUrl,
  });
  const { rules, messages } = load(lines("extends: support"));
  expect(messages).toEqual([]);
  return runAudit({ tracker, rules: rules!, now: NOW, dryRun: false });
}

describe("an audit answer without what the plan depends on", () => {
  it.each([
    ["labels: null", (n: GqlNode) => void (n.labels = null), "labels"],
    ["labels missing", (n: GqlNode) => void delete n.labels, "labels"],
    ["labels.nodes: null", (n: GqlNode) => void ((n.labels as { nodes: unknown }).nodes = null), "labels"],
    ["assignees: null", (n: GqlNode) => void (n.assignees = null), "assignees"],
    ["comments missing", (n: GqlNode) => void delete n.comments, "comments"],
    ["timelineItems: null", (n: GqlNode) => void (n.timelineItems = null), "timelineItems"],
  ])("%s: the issue is skipped with a message, the others are audited", async (_name, change, what) => {
    const report = await audit(change);
    const touched = fake!.requests.filter((r) => r.write).map((r) => r.path);
    // Nothing written to #2: no priority/P2 beside the person's priority/P1.
    expect(touched.filter((p) => p.includes("/issues/2/"))).toEqual([]);
    expect(fake!.state.repo("acme", "support")!.issues.get(2)!.issue.labels.map((l) => l.name)).toEqual(["bug", "priority/P1"]);
    expect(report.issues.map((i) => i.id)).toEqual(["acme/support#1", "acme/support#3"]);
    const skipped = report.skipped ?? [];
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.id).toBe("acme/support#2");
    expect(skipped[0]!.reason).toContain(what);
    expect(skipped[0]!.reason).toMatch(/expected .+, found (null|nothing)/);

    // The person reading the report sees it, in the terminal and in the job summary.
    const text = formatReport(report, coloursFor({ isTTY: false }, {}), "audit");
    expect(text).toContain("1 issue(s) skipped (left unchanged, read again next run):");
    expect(text).toContain(`! acme/support#2  ${skipped[0]!.reason}`);
    const summary = renderSummary(report, { title: "audit", reportPath: "report.json" });
    expect(summary).toContain("1 issue(s) skipped: the tracker's answer lacked what their plans depend on.");
    expect(summary).toContain(`> - acme/support#2: GraphQL ShepherdAuditIssues for acme/support: ${what}`);
  });
});
