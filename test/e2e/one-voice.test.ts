/**
 * One voice per issue per run, through the real adapters: a P0 whose first response and
 * mitigation are both breached, with escalation level 1 due, gets ONE new comment in that run
 * carrying each of those hidden keys once, and the rerun writes nothing — on GitHub (fake GitHub),
 * Jira (fake Jira) and a snapshot.
 */
import { describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/run-audit.ts";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { readMarkerKeys } from "../../src/core/text/hidden-key.ts";
import { commentPropertyKeys, readLedger } from "../../src/jira/ledger.ts";
import { load, lines } from "../core/load-in-memory.ts";
import { type GithubSnapshot, openCopy } from "../file/helpers.ts";
import { FAKE_BOT } from "../fakes/github/fake-state.ts";
import { formBody, restComment, restEvent, restIssue } from "../fakes/github/make-issues.ts";
import { supportIssue, USERS } from "../fakes/jira/seed.ts";
import { startGitHubUnderTest, startJiraUnderTest } from "./trackers-under-test.ts";

const NOW = Date.parse("2026-03-11T02:00:00Z"); // a Wednesday, 10:00 in Shanghai
const HOUR = 3_600_000;
/** What the run has to say: two breached clocks and the first escalation level. */
const SAID = ["sla-breach/first-response/cycle-1", "sla-breach/mitigation/cycle-1", "escalation/cycle-1/level-1"];

function rules(...people: string[]): Rules {
  const [onCall = "oncall-zhang", lead = "chen-jing", manager = "priya-n"] = people;
  const { rules, messages } = load(lines("extends: support", "groups:", `  on-call: ["${onCall}"]`, `  team-lead: ["${lead}"]`, `  support-manager: ["${manager}"]`));
  expect(messages).toEqual([]);
  return rules!;
}

/** Each key once over all the tool's comments, the ones the run must say among them. */
function expectEachKeyOnce(keysPerComment: readonly (readonly string[])[]): void {
  const all = keysPerComment.flat();
  expect(new Set(all).size).toBe(all.length);
  for (const key of SAID) expect(all).toContain(key);
}

/** A P0 a team member labelled two hours ago that nobody from the team has answered. */
const p0Entry = () => ({
  issue: restIssue({ number: 1, title: "Checkout is down", body: formBody(), labels: ["priority/P0"], createdAt: NOW - 2 * HOUR }),
  comments: [],
  timeline: [restEvent("labeled", "li-wei", NOW - 2 * HOUR, { label: { name: "priority/P0" } })],
});

describe("a P0 with two breached clocks and an escalation gets one comment, and the rerun writes nothing", () => {
  it("GitHub", async () => {
    const ruleSet = rules();
    const { server: github, tracker } = await startGitHubUnderTest([{ repository: "acme/support", ownerType: "User", issues: [p0Entry()] }], { now: () => NOW, viewer: FAKE_BOT }, { botLogins: ruleSet.botLogins });
    const posts = () => github.requests.filter((r) => r.method === "POST" && r.path.endsWith("/comments")).length;
    const writes = () => github.requests.filter((r) => r.write).length;
    await runAudit({ tracker, rules: ruleSet, now: NOW, dryRun: false });
    expect(posts()).toBe(1);
    const own = github.state.get("acme", "support", 1)!.comments.filter((c) => c.user?.login === FAKE_BOT.login);
    expect(own).toHaveLength(1);
    expectEachKeyOnce(own.map((c) => readMarkerKeys(c.body ?? "") ?? []));
    // The escalation's people are named once, after every notice.
    expect(own[0]!.body).toContain("cc @oncall-zhang @chen-jing");
    const before = writes();
    const again = await runAudit({ tracker, rules: ruleSet, now: NOW + 60_000, dryRun: false });
    expect(writes() - before).toBe(0);
    expect(again.totals.changes).toBe(0);
  });

  it("Jira", async () => {
    const { server: jira, tracker } = await startJiraUnderTest({ issues: [supportIssue({ key: "SUP-1", id: "10001", priority: "Highest", created: NOW - 2 * HOUR })], now: () => NOW });
    const ruleSet = rules(USERS.agent.accountId, USERS.lead.accountId, USERS.agent.accountId);
    const run = (now: number) => runAudit({ tracker, rules: ruleSet, now, dryRun: false, scope: { jql: "project = SUP" } });
    await run(NOW);
    const stored = jira.issue("SUP-1");
    const own = stored.comments.filter((c) => c.author.accountId === USERS.bot.accountId);
    expect(own).toHaveLength(1);
    expect(jira.writes().filter((r) => r.method === "POST" && r.path.endsWith("/comment"))).toHaveLength(1);
    expectEachKeyOnce(own.map((c) => commentPropertyKeys(c.properties) ?? []));
    // The ledger holds the digest's keys too, so the issue read alone finds every notice.
    expect(readLedger(Object.fromEntries(stored.properties)).comments[own[0]!.id]).toEqual(commentPropertyKeys(own[0]!.properties));
    const before = jira.writes().length;
    const again = await run(NOW + 60_000);
    expect(jira.writes().length - before).toBe(0);
    expect(again.totals.changes).toBe(0);
  });

  it("a snapshot", async () => {
    const data: GithubSnapshot = { tracker: "github", repository: "acme/support", issues: [p0Entry()] };
    const ruleSet = rules();
    const copy = await openCopy(data, ruleSet.botLogins);
    try {
      await runAudit({ tracker: copy.tracker, rules: ruleSet, now: NOW, dryRun: false });
      const written = await copy.json<GithubSnapshot>();
      const own = (written.issues[0]!.comments ?? []).filter((c) => c.user?.login === ruleSet.botLogins[0]);
      expect(own).toHaveLength(1);
      expectEachKeyOnce(own.map((c) => readMarkerKeys(c.body ?? "") ?? []));
      const before = await copy.text();
      const again = await runAudit({ tracker: copy.tracker, rules: ruleSet, now: NOW + 60_000, dryRun: false });
      expect(again.totals.changes).toBe(0);
      expect(await copy.text()).toBe(before);
    } finally {
      await copy.cleanup();
    }
  });
});

describe("a racing run posted one of the digest's keys after the read", () => {
  it("GitHub: the digest is posted with the other notices only", async () => {
    const ruleSet = rules();
    const { server: github, tracker } = await startGitHubUnderTest([{ repository: "acme/support", ownerType: "User", issues: [p0Entry()] }], { now: () => NOW, viewer: FAKE_BOT }, { botLogins: ruleSet.botLogins });
    const issue = await tracker.getIssue("1");
    const plan = evaluate(issue, ruleSet, NOW);
    const digest = plan.operations.find((op) => op.kind === "comment");
    expect(digest?.kind === "comment" ? digest.keys : undefined).toEqual(expect.arrayContaining(SAID));
    // The other run's comment: the mitigation breach alone, posted between the read and this post.
    const stored = github.state.get("acme", "support", 1)!;
    const racing = restComment(FAKE_BOT.login!, "NONE", "SLA breached: mitigation\n\n<!-- issue-shepherd:sla-breach/mitigation/cycle-1 -->", NOW);
    stored.comments.push({ ...racing, id: racing.id!, user: { login: FAKE_BOT.login!, type: "Bot" } });
    const results = await tracker.apply(issue, plan.operations);
    expect(results.every((r) => r.ok)).toBe(true);
    const own = stored.comments.filter((c) => c.user?.login === FAKE_BOT.login);
    expect(own).toHaveLength(2);
    expectEachKeyOnce(own.map((c) => readMarkerKeys(c.body ?? "") ?? []));
    // The text of the notice left out is not in the digest either.
    expect(own[1]!.body).not.toContain("**mitigation**");
    expect(own[1]!.body).toContain("**first response**");
  });

  it("Jira: the digest is posted with the other notices only, and the ledger names those", async () => {
    const { server: jira, tracker } = await startJiraUnderTest({ issues: [supportIssue({ key: "SUP-1", id: "10001", priority: "Highest", created: NOW - 2 * HOUR })], now: () => NOW });
    const ruleSet = rules(USERS.agent.accountId, USERS.lead.accountId, USERS.agent.accountId);
    const issue = await tracker.getIssue("SUP-1");
    const plan = evaluate(issue, ruleSet, NOW);
    const stored = jira.issue("SUP-1");
    jira.state.addComment(stored, { type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "text", text: "SLA breached: mitigation" }] }] }, [
      { key: "issue-shepherd", value: { key: "sla-breach/mitigation/cycle-1" } },
    ]);
    const results = await tracker.apply(issue, plan.operations);
    expect(results.every((r) => r.ok)).toBe(true);
    const own = stored.comments.filter((c) => c.author.accountId === USERS.bot.accountId);
    expect(own).toHaveLength(2);
    expectEachKeyOnce(own.map((c) => commentPropertyKeys(c.properties) ?? []));
    expect(readLedger(Object.fromEntries(stored.properties)).comments[own[1]!.id]).toEqual(commentPropertyKeys(own[1]!.properties));
  });
});
