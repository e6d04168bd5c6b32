/**
 * Whose hidden keys count, from the user's side, through the real adapters: only the tool's own
 * authenticated identity (GraphQL `viewer` on GitHub, `/myself` on Jira, the login a snapshot is
 * written as). A marker pasted by the reporter, by another App, or by an account that merely has a
 * name from `bot.logins` never silences a notice, and a marker in the title never turns a mention
 * into a comment that re-posts on every run.
 */
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { runAudit } from "../../src/audit/run-audit.ts";
import type { Issue } from "../../src/core/model.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { readMarkerKeys } from "../../src/core/text/hidden-key.ts";
import type { Tracker } from "../../src/core/tracker.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import type { RestUser } from "../../src/github/rest-types.ts";
import { createJiraTracker } from "../../src/jira/create-jira-tracker.ts";
import { load, lines } from "../core/load-in-memory.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { FAKE_BOT, FAKE_PAT_USER } from "../fakes/github/fake-state.ts";
import { formBody, restComment, restEvent, restIssue } from "../fakes/github/make-issues.ts";
import { type GithubSnapshot, openCopy } from "../file/helpers.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { supportIssue, USERS } from "../fakes/jira/seed.ts";

const NOW = Date.parse("2026-03-11T02:00:00Z"); // a Wednesday, 10:00 in Shanghai
const HOUR = 3_600_000;
const BREACH = "sla-breach/first-response/cycle-1";
const FORGED = `I am not the tool.\n\n<!-- issue-shepherd:${BREACH} -->`;

let fake: FakeGitHub | undefined;
let jira: FakeJira | undefined;

afterEach(async () => {
  await fake?.close();
  await jira?.close();
  fake = undefined;
  jira = undefined;
});

function rules(...extra: string[]): Rules {
  const { rules, messages } = load(
    lines(
      "extends: support",
      "groups:",
      "  on-call: [oncall-zhang]",
      "  team-lead: [chen-jing]",
      "  support-manager: [priya-n]",
      ...extra,
    ),
  );
  expect(messages).toEqual([]);
  return rules!;
}

/** A P1 a team member labelled two days ago that nobody from the team has answered: breached. */
const breachedP1 = (number: number, title = `Checkout is down ${number}`) => ({
  issue: restIssue({ number, title, body: formBody(), labels: ["priority/P1"], createdAt: NOW - 48 * HOUR }),
  comments: [] as ReturnType<typeof restComment>[],
  timeline: [restEvent("labeled", "li-wei", NOW - 47 * HOUR, { label: { name: "priority/P1" } })],
});

async function githubAudit(seedIssues: ReturnType<typeof breachedP1>[], viewer: RestUser, ruleSet: Rules) {
  fake = await startFakeGitHub([{ repository: "acme/support", ownerType: "User", issues: seedIssues }], { now: () => NOW, viewer });
  const tracker = createGitHubTracker({
    octokit: createOctokit({ token: "t", baseUrl: fake.url, pacing: false, retryBaseMs: 1 }),
    repository: "acme/support",
    graphqlUrl: fake.graphqlUrl,
    botLogins: ruleSet.botLogins,
  });
  const writes = () => fake!.requests.filter((r) => r.write).length;
  const first = await runAudit({ tracker, rules: ruleSet, now: NOW, dryRun: false });
  const afterFirst = writes();
  const second = await runAudit({ tracker, rules: ruleSet, now: NOW + 60_000, dryRun: false });
  return { tracker, first, second, firstWrites: afterFirst, secondWrites: writes() - afterFirst };
}

/** The tool's comments on an issue of the fake that end in this key. */
const toolComments = (number: number, key: string, viewer: RestUser) =>
  fake!.state.get("acme", "support", number)!.comments.filter((c) => c.user?.login === viewer.login && (readMarkerKeys(c.body ?? "") ?? []).includes(key));

describe.each([
  ["a personal token's user", FAKE_PAT_USER],
  ["the Actions job token (github-actions[bot])", FAKE_BOT],
])("GitHub, the tool running as %s", (_name, viewer) => {
  it("a forged key by the reporter, another App or a bot.logins name never silences the breach notice; a rerun writes nothing", async () => {
    const forgers: RestUser[] = [
      { login: "reporter", type: "User" },
      { login: "some-app[bot]", type: "Bot" },
      // Listed in the preset's bot.logins, but anyone can register it.
      { login: "shepherd-bot", type: "User" },
      // Another workflow's job token, when the tool runs with a personal token.
      ...(viewer === FAKE_BOT ? [] : [{ login: "github-actions[bot]", type: "Bot" }]),
    ];
    const seed = forgers.map((forger, i) => {
      const entry = breachedP1(i + 1);
      entry.comments.push({ ...restComment(forger.login ?? "?", "NONE", FORGED, NOW - 40 * HOUR), user: { ...forger } });
      return entry;
    });
    const ruleSet = rules();
    expect(ruleSet.botLogins).toContain("shepherd-bot");
    const { firstWrites, secondWrites, second } = await githubAudit(seed, viewer, ruleSet);
    expect(firstWrites).toBeGreaterThan(0);
    forgers.forEach((_forger, i) => expect(toolComments(i + 1, BREACH, viewer), `issue ${i + 1}`).toHaveLength(1));
    // The tool's own comments (the viewer's) are found again: nothing is written twice.
    expect(secondWrites).toBe(0);
    expect(second.totals.changes).toBe(0);
    expect(fake!.violations).toEqual([]);
  });

  it("a title holding a marker neither re-posts the mention every run nor silences the real breach notice", async () => {
    const title = `Help <!-- issue-shepherd:${BREACH} -->`;
    const ruleSet = rules("rules:", "  - name: ping-lead", "    then: [{ mention: team-lead }]", "  - name: echo", '    then: [{ comment: { text: "Got it: {title}", sticky: true } }]');
    const { secondWrites } = await githubAudit([breachedP1(1, title)], viewer, ruleSet);
    const comments = fake!.state.get("acme", "support", 1)!.comments;
    expect(toolComments(1, BREACH, viewer)).toHaveLength(1);
    expect(toolComments(1, "rule/ping-lead/mention", viewer)).toHaveLength(1);
    expect(toolComments(1, "rule/echo", viewer)).toHaveLength(1);
    // The copied marker is shown as text, never as a second key.
    for (const comment of comments.filter((c) => c.body?.includes("Help"))) {
      expect(comment.body).toContain("<\u200B!-- issue-shepherd:");
      expect(comment.body!.split("<!-- issue-shepherd:")).toHaveLength(2);
    }
    expect(secondWrites).toBe(0);
  });
});

describe("GitHub: the tool's identity", () => {
  it("is read once per run, with the audit's first page (no extra request)", async () => {
    const { tracker } = await githubAudit([breachedP1(1)], FAKE_PAT_USER, rules());
    expect(fake!.requests.filter((r) => r.operation === "ShepherdViewer")).toHaveLength(0);
    expect(await tracker.selfLogin()).toBe(FAKE_PAT_USER.login);
    const issue: Issue = await tracker.getIssue("1");
    expect(issue.comments.filter((c) => c.author.self === true).map((c) => c.key)).toContain(BREACH);
    expect(fake!.requests.filter((r) => r.operation === "ShepherdViewer")).toHaveLength(0);
  });

  it("an event run reads it with one request, and another App's comments are not the tool's", async () => {
    const entry = breachedP1(1);
    entry.comments.push({ ...restComment("some-app", "NONE", FORGED, NOW - HOUR), user: { login: "some-app[bot]", type: "Bot" } });
    fake = await startFakeGitHub([{ repository: "acme/support", ownerType: "User", issues: [entry] }], { now: () => NOW, viewer: { login: "shepherd-app[bot]", type: "Bot" } });
    const tracker = createGitHubTracker({ octokit: createOctokit({ token: "t", baseUrl: fake.url, pacing: false }), repository: "acme/support", graphqlUrl: fake.graphqlUrl });
    const issue = await tracker.getIssue("1");
    await tracker.getIssue("1");
    expect(issue.comments[0]?.author).toMatchObject({ id: "some-app[bot]", bot: true });
    expect(issue.comments[0]?.author.self).toBeUndefined();
    expect(await tracker.selfLogin()).toBe("shepherd-app[bot]");
    expect(fake.requests.filter((r) => r.operation === "ShepherdViewer")).toHaveLength(1);
  });

  it("an identity that cannot be read stops the run with an auth error that says why", async () => {
    fake = await startFakeGitHub([{ repository: "acme/support", ownerType: "User", issues: [breachedP1(1)] }], { now: () => NOW });
    fake.inject({ method: "POST", path: /graphql/, operation: "ShepherdViewer", status: 401, body: { message: "Bad credentials" } });
    const tracker = createGitHubTracker({ octokit: createOctokit({ token: "t", baseUrl: fake.url, pacing: false }), repository: "acme/support", graphqlUrl: fake.graphqlUrl });
    const error = await tracker.getIssue("1").catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "auth" });
    expect(String((error as Error).message)).toMatch(/own account.*401 Bad credentials.*recognises its own comments/s);
  });
});

describe("Jira: only /myself is the tool", () => {
  async function jiraAudit(issues: Parameters<typeof supportIssue>[0][], ...extra: string[]) {
    jira = await startFakeJira({ issues: issues.map(supportIssue), now: () => NOW });
    const tracker = createJiraTracker({
      baseUrl: jira.url,
      email: USERS.bot.emailAddress,
      apiToken: "test-api-token",
      // A configured id is automation (a role), never the tool: its keys do not count.
      botAccountIds: [USERS.lead.accountId],
      now: () => NOW,
      sleep: () => Promise.resolve(),
      writeIntervalMs: 0,
    });
    const { rules: ruleSet, messages } = load(lines("extends: support", `bot: { logins: ["${USERS.lead.accountId}"] }`, "groups:", `  on-call: ["${USERS.agent.accountId}"]`, `  team-lead: ["${USERS.lead.accountId}"]`, `  support-manager: ["${USERS.agent.accountId}"]`, ...extra));
    expect(messages).toEqual([]);
    const run = (now: number) => runAudit({ tracker, rules: ruleSet!, now, dryRun: false, scope: { jql: "project = SUP" } });
    return { tracker, run };
  }

  it("a key claimed by the reporter or by a configured bot id never silences the notice; the tool's own is found again", async () => {
    const property = [{ key: "issue-shepherd", value: { key: BREACH } }];
    const created = NOW - 48 * HOUR;
    const forged = (author: typeof USERS.reporter, id: string) => ({ id, author, text: FORGED, at: created + HOUR, properties: property });
    const { tracker, run } = await jiraAudit([
      { key: "SUP-1", id: "10001", priority: "High", created, comments: [forged(USERS.reporter, "501")] },
      { key: "SUP-2", id: "10002", priority: "High", created, comments: [forged(USERS.lead, "502")] },
    ]);
    await run(NOW);
    const breachNotices = (key: string) =>
      jira!.issue(key).comments.filter((c) => c.author.accountId === USERS.bot.accountId && c.properties.some((p) => (p.value as { key?: string }).key === BREACH));
    expect(breachNotices("SUP-1")).toHaveLength(1);
    expect(breachNotices("SUP-2")).toHaveLength(1);
    const before = jira!.writes().length;
    const again = await run(NOW + 60_000);
    expect(jira!.writes().length - before).toBe(0);
    expect(again.totals.changes).toBe(0);
    const read = await tracker.getIssue("SUP-2");
    expect(read.comments.find((c) => c.id === "502")?.author).toMatchObject({ id: USERS.lead.accountId, bot: true });
    expect(read.comments.find((c) => c.id === "502")?.author.self).toBeUndefined();
    expect(read.comments.filter((c) => c.author.self === true).map((c) => c.key)).toContain(BREACH);
    expect(await tracker.selfAccountId()).toBe(USERS.bot.accountId);
  });

  it("a marker in the text the tool writes is defused: the comment never claims a key by its text", async () => {
    const { run } = await jiraAudit([{ key: "SUP-3", id: "10003", priority: "High", created: NOW - 48 * HOUR, summary: `Help <!-- issue-shepherd:${BREACH} -->` }], "rules:", "  - name: ping-lead", "    then: [{ mention: team-lead }]");
    await run(NOW);
    const texts = jira!.issue("SUP-3").comments.map((c) => JSON.stringify(c.body));
    expect(texts.filter((text) => text.includes("Help"))).toHaveLength(1);
    for (const text of texts) expect(text).not.toContain("<!-- issue-shepherd:");
  });
});

describe("snapshots: the login the snapshot is written as is the tool", () => {
  function snapshot(self?: string): GithubSnapshot {
    const forgers = ["reporter", "some-app[bot]", "shepherd-bot"];
    return {
      tracker: "github",
      repository: "acme/support",
      ...(self === undefined ? {} : { self }),
      issues: forgers.map((login, i) => {
        const entry = breachedP1(i + 1);
        entry.comments.push({ ...restComment(login, "NONE", FORGED, NOW - 40 * HOUR), user: { login, type: login.endsWith("[bot]") ? "Bot" : "User" } });
        return entry;
      }),
    };
  }

  const audit = async (tracker: Tracker, ruleSet: Rules, now: number) => (await runAudit({ tracker, rules: ruleSet, now, dryRun: false })).totals.changes;

  it.each([
    ["the first bot.logins entry", undefined, "github-actions[bot]"],
    ['the snapshot\'s own "self"', "ops-maria", "ops-maria"],
  ])("by default %s: forged keys never count, the tool's own are found again", async (_name, self, writer) => {
    const ruleSet = rules();
    const data = snapshot(self);
    const copy = await openCopy(data, ruleSet.botLogins);
    onTestFinished(() => copy.cleanup());
    const tracker = copy.tracker;
    expect(await audit(tracker, ruleSet, NOW)).toBeGreaterThan(0);
    for (const entry of (await copy.json<GithubSnapshot>()).issues) {
      const own = (entry.comments ?? []).filter((c) => c.user?.login === writer && (readMarkerKeys(c.body ?? "") ?? []).includes(BREACH));
      expect(own, `#${entry.issue.number}`).toHaveLength(1);
    }
    expect(await audit(tracker, ruleSet, NOW + 60_000)).toBe(0);
  });
});
