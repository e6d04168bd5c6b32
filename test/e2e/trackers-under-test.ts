/**
 * The real adapters over the fake GitHub and the fake Jira, for tests that go end to end: each
 * start serves its fake for the one test that calls it (closed when that test finishes) and gives
 * the adapter over it as the tests run it — no pacing, no waits between writes or retries.
 */
import { onTestFinished } from "vitest";
import type { ChannelSender } from "../../src/core/channels/channel.ts";
import { createGitHubTracker, type GitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { createJiraTracker, type JiraTracker, type JiraTrackerOptions } from "../../src/jira/create-jira-tracker.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { type FakeJira, type FakeJiraOptions, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { USERS } from "../fakes/jira/seed.ts";

/** What the GitHub adapter is told beside the fake's address (`acme/support` unless named). */
export interface GitHubAdapterOptions {
  botLogins: readonly string[];
  repository?: string;
  channelSender?: ChannelSender;
}

/** The GitHub adapter over a running fake GitHub. */
export const githubAdapter = (server: FakeGitHub, options: GitHubAdapterOptions): GitHubTracker =>
  createGitHubTracker({
    octokit: createOctokit({ token: "t", baseUrl: server.url, pacing: false, retryBaseMs: 1 }),
    repository: options.repository ?? "acme/support",
    graphqlUrl: server.graphqlUrl,
    botLogins: options.botLogins,
    channelSender: options.channelSender,
  });

/** Serve a fake GitHub for this test, seeded so, and give the adapter over it. */
export async function startGitHubUnderTest(
  seeds: Parameters<typeof startFakeGitHub>[0],
  fake: Parameters<typeof startFakeGitHub>[1],
  adapter: GitHubAdapterOptions,
): Promise<{ server: FakeGitHub; tracker: GitHubTracker }> {
  const server = await startFakeGitHub(seeds, fake);
  onTestFinished(() => server.close());
  return { server, tracker: githubAdapter(server, adapter) };
}

/** What the Jira adapter is told beside the site's address and the bot's credentials. */
export type JiraAdapterOptions = Pick<JiraTrackerOptions, "now" | "channelSender" | "maxRetries">;

/** Serve a fake Jira site for this test and give the adapter over it, signed in as the seed's bot. */
export async function startJiraUnderTest(site: FakeJiraOptions, adapter: JiraAdapterOptions = {}): Promise<{ server: FakeJira; tracker: JiraTracker }> {
  const server = await startFakeJira(site);
  onTestFinished(() => server.close());
  const tracker = createJiraTracker({
    baseUrl: server.url,
    email: USERS.bot.emailAddress,
    apiToken: "test-api-token",
    ...((adapter.now ?? site.now) === undefined ? {} : { now: adapter.now ?? site.now }),
    sleep: () => Promise.resolve(),
    writeIntervalMs: 0,
    ...(adapter.maxRetries === undefined ? {} : { maxRetries: adapter.maxRetries }),
    channelSender: adapter.channelSender,
  });
  return { server, tracker };
}
