/**
 * Escalation through channels, end to end through the real adapters: a P0 breach escalated to
 * level 1 pages PagerDuty once and posts one chat message (the real senders against local fakes
 * of PagerDuty and Slack); the next audits send nothing more; the issue's closure resolves the
 * incident, once. On Jira the keys land in the comment property and the ledger; a failing channel
 * never holds the tracker writes back and is retried by the next run; without a sender a notice
 * fails saying so.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/run-audit.ts";
import type { Channel, ChannelMessage, ChannelSender } from "../../src/core/channels/channel.ts";
import { ChannelError } from "../../src/core/channels/channel.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { readMarkerKeys } from "../../src/core/text/hidden-key.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { createJiraTracker } from "../../src/jira/create-jira-tracker.ts";
import { commentPropertyKeys, readLedger } from "../../src/jira/ledger.ts";
import { createChannelSender } from "../../src/notify/create-channel-sender.ts";
import { load, lines } from "../core/load-in-memory.ts";
import { type ChannelFakes, startChannelFakes } from "../fakes/channels/index.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { FAKE_BOT } from "../fakes/github/fake-state.ts";
import { formBody, restEvent, restIssue } from "../fakes/github/make-issues.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { supportIssue, USERS } from "../fakes/jira/seed.ts";

const NOW = Date.parse("2026-03-11T02:00:00Z"); // a Wednesday, 10:00 in Shanghai
const HOUR = 3_600_000;
const PAGE_KEY = "notify/oncall-pager/first-response/cycle-1/level-1";
const ROOM_KEY = "notify/support-room/first-response/cycle-1/level-1";

let github: FakeGitHub | undefined;
let jira: FakeJira | undefined;
let fakes: ChannelFakes | undefined;
afterEach(async () => {
  await github?.close();
  await jira?.close();
  await fakes?.close();
  github = jira = fakes = undefined;
});

function rules(people: readonly string[], pagerUrl = "https://events.pagerduty.com/v2/enqueue"): Rules {
  const [onCall, lead, manager] = people;
  const { rules: r, messages } = load(
    lines(
      "extends: support",
      "calendars: { business: { timezone: Asia/Shanghai } }",
      "groups:",
      `  on-call: ["${onCall}"]`,
      `  team-lead: ["${lead}"]`,
      `  support-manager: ["${manager}"]`,
      "channels:",
      `  oncall-pager: { enabled: true, url: "${pagerUrl}" }`,
      "  support-room: { enabled: true }",
    ),
  );
  expect(messages).toEqual([]);
  return r as Rules;
}

/** A sender that records what it is asked to send and fails the channels named. */
function recordingSender(failing: ReadonlySet<string> = new Set()): ChannelSender & { sent: ChannelMessage[] } {
  const sent: ChannelMessage[] = [];
  return {
    sent,
    send(channel: Channel, message: ChannelMessage) {
      if (failing.has(channel.name)) return Promise.reject(new ChannelError("transient", "HTTP 503 from the provider; gave up after 4 attempts"));
      sent.push(message);
      return Promise.resolve();
    },
  };
}

/** A P0 a team member labelled two hours ago that nobody from the team has answered. */
const p0Entry = () => ({
  issue: restIssue({ number: 1, title: "Checkout is down", body: formBody(), labels: ["priority/P0"], createdAt: NOW - 2 * HOUR }),
  comments: [],
  timeline: [restEvent("labeled", "li-wei", NOW - 2 * HOUR, { label: { name: "priority/P0" } })],
});

async function githubTracker(channelSender: ChannelSender | undefined) {
  github = await startFakeGitHub([{ repository: "acme/support", ownerType: "User", issues: [p0Entry()] }], { now: () => NOW, viewer: FAKE_BOT });
  return createGitHubTracker({
    octokit: createOctokit({ token: "t", baseUrl: github.url, pacing: false, retryBaseMs: 1 }),
    repository: "acme/support",
    graphqlUrl: github.graphqlUrl,
    botLogins: ["github-actions[bot]"],
    channelSender,
  });
}

const ownKeys = () => (github?.state.get("acme", "support", 1)?.comments ?? []).filter((c) => c.user?.login === FAKE_BOT.login).flatMap((c) => readMarkerKeys(c.body ?? "") ?? []);

describe("a P0 breach escalated to level 1, through the real senders", () => {
  it("pages once and posts once; reruns send nothing; the closure resolves the incident, once", async () => {
    fakes = await startChannelFakes({ now: () => Date.now() });
    const tracker = await githubTracker(createChannelSender({ env: fakes.env }));
    const ruleSet = rules(["oncall-zhang", "chen-jing", "priya-n"], fakes.pagerduty.eventsUrl);
    const first = await runAudit({ tracker, rules: ruleSet, now: NOW, dryRun: false });
    expect(first.totals.failed).toBe(0);
    expect(fakes.violations()).toEqual([]);
    expect(fakes.pagerduty.openIncidents().map((i) => [i.dedupKey, i.triggers])).toEqual([["issue-shepherd/acme/support#1/cycle-1", 1]]);
    expect(fakes.slack.messages).toHaveLength(1);
    expect(JSON.stringify(fakes.slack.messages[0])).toContain("https://github.com/acme/support/issues/1");
    // Recorded on the tool's one comment, each key once.
    expect(ownKeys().filter((k) => k === PAGE_KEY || k === ROOM_KEY).sort()).toEqual([PAGE_KEY, ROOM_KEY]);

    for (const later of [60_000, 5 * 60_000]) {
      const again = await runAudit({ tracker, rules: ruleSet, now: NOW + later, dryRun: false });
      expect(again.totals.failed).toBe(0);
    }
    expect(fakes.pagerduty.events).toHaveLength(1);
    expect(fakes.slack.messages).toHaveLength(1);

    // Closed (not planned: exempt from the checklist): the incident is resolved, with the trigger's dedup key.
    const issue = await tracker.getIssue("1");
    await tracker.apply(issue, [{ kind: "close", closeReason: "not_planned", rule: "test", reason: "closed by a person" }]);
    await runAudit({ tracker, rules: ruleSet, now: NOW + 10 * 60_000, dryRun: false, scope: { closedSince: NOW } });
    expect(fakes.violations()).toEqual([]);
    expect(fakes.pagerduty.openIncidents()).toEqual([]);
    expect(fakes.pagerduty.events.at(-1)).toMatchObject({ event_action: "resolve", dedup_key: "issue-shepherd/acme/support#1/cycle-1" });
    const events = fakes.pagerduty.events.length;
    await runAudit({ tracker, rules: ruleSet, now: NOW + 20 * 60_000, dryRun: false, scope: { closedSince: NOW } });
    expect(fakes.pagerduty.events).toHaveLength(events);
    expect(fakes.slack.messages).toHaveLength(1);
  });
});

describe("the adapters' side of a notice", () => {
  it("a failing channel never holds back the tracker writes: reported, not recorded, sent by the next run", async () => {
    const sender = recordingSender(new Set(["support-room"]));
    const tracker = await githubTracker(sender);
    const ruleSet = rules(["oncall-zhang", "chen-jing", "priya-n"]);
    const first = await runAudit({ tracker, rules: ruleSet, now: NOW, dryRun: false });
    expect(first.totals.failed).toBe(1);
    const failed = first.issues[0]?.operations.find((o) => o.status === "failed");
    expect(failed?.error).toContain("channel support-room (slack): HTTP 503 from the provider");
    // The comment, labels and assignment were all written; the pager was sent and recorded.
    expect(ownKeys()).toEqual(expect.arrayContaining(["escalation/cycle-1/level-1", PAGE_KEY]));
    expect(ownKeys()).not.toContain(ROOM_KEY);
    expect(sender.sent.map((m) => m.key)).toEqual([PAGE_KEY]);
    const healthy = recordingSender();
    const retried = createGitHubTracker({
      octokit: createOctokit({ token: "t", baseUrl: (github as FakeGitHub).url, pacing: false, retryBaseMs: 1 }),
      repository: "acme/support",
      graphqlUrl: (github as FakeGitHub).graphqlUrl,
      botLogins: ["github-actions[bot]"],
      channelSender: healthy,
    });
    const second = await runAudit({ tracker: retried, rules: ruleSet, now: NOW + 60_000, dryRun: false });
    expect(second.totals.failed).toBe(0);
    expect(healthy.sent.map((m) => m.key)).toEqual([ROOM_KEY]);
    expect(ownKeys()).toContain(ROOM_KEY);
  });

  it("without a sender a notice fails saying so; a dry run sends nothing and lists the notices", async () => {
    const tracker = await githubTracker(undefined);
    const ruleSet = rules(["oncall-zhang", "chen-jing", "priya-n"]);
    const dry = await runAudit({ tracker, rules: ruleSet, now: NOW, dryRun: true });
    expect(dry.issues[0]?.operations.filter((o) => o.operation.kind === "notify").map((o) => o.operation.kind === "notify" && o.operation.message.key)).toEqual([PAGE_KEY, ROOM_KEY]);
    const run = await runAudit({ tracker, rules: ruleSet, now: NOW, dryRun: false });
    expect(run.issues[0]?.operations.filter((o) => o.status === "failed").map((o) => o.error)).toEqual([
      expect.stringContaining("no channel sender configured"),
      expect.stringContaining("no channel sender configured"),
    ]);
  });

  it("Jira: the keys are recorded on the tool's comment (its property and the ledger); reruns send nothing", async () => {
    jira = await startFakeJira({ issues: [supportIssue({ key: "SUP-1", id: "10001", priority: "Highest", created: NOW - 2 * HOUR })], now: () => NOW });
    const sender = recordingSender();
    const tracker = createJiraTracker({ baseUrl: jira.url, email: USERS.bot.emailAddress, apiToken: "test-api-token", now: () => NOW, sleep: () => Promise.resolve(), writeIntervalMs: 0, channelSender: sender });
    const ruleSet = rules([USERS.agent.accountId, USERS.lead.accountId, USERS.agent.accountId]);
    const run = (now: number) => runAudit({ tracker, rules: ruleSet, now, dryRun: false, scope: { jql: "project = SUP" } });
    const first = await run(NOW);
    expect(first.totals.failed).toBe(0);
    expect(sender.sent.map((m) => [m.key, m.dedupKey])).toEqual([
      [PAGE_KEY, "issue-shepherd/SUP-1/cycle-1"],
      [ROOM_KEY, "issue-shepherd/SUP-1/cycle-1"],
    ]);
    const stored = jira.issue("SUP-1");
    const own = stored.comments.filter((c) => c.author.accountId === USERS.bot.accountId);
    expect(own).toHaveLength(1);
    expect(commentPropertyKeys(own[0]?.properties)).toEqual(expect.arrayContaining([PAGE_KEY, ROOM_KEY]));
    expect(readLedger(Object.fromEntries(stored.properties)).comments[own[0]?.id ?? ""]).toEqual(commentPropertyKeys(own[0]?.properties));
    const again = await run(NOW + 60_000);
    expect(again.totals.failed).toBe(0);
    expect(sender.sent).toHaveLength(2);
  });
});
