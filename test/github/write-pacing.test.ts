/**
 * Writes that land: against a fake GitHub that enforces the documented secondary limits (80
 * content-creating requests a minute, 500 an hour, points a minute), on a virtual clock, the
 * pacer gets every write in with none refused, in the shortest schedule the limits allow; a flat
 * one-second spacing runs into the hour's limit, and a refused write is reported failed, never done.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/run-audit.ts";
import { readRules } from "../../src/config/read-rules.ts";
import type { Operation } from "../../src/core/plan.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { shortestSchedule } from "../../src/github/pace-writes.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { realisticSeed } from "../fakes/github/make-issues.ts";

const NOW = Date.parse("2026-03-11T02:00:00Z");
let fake: FakeGitHub | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A clock that moves only when someone sleeps on it. */
function virtualClock() {
  const clock = { t: NOW, now: () => clock.t, sleep: (ms: number) => ((clock.t += ms), Promise.resolve()) };
  return clock;
}

const span = (instants: readonly number[]) => (instants.length === 0 ? 0 : (instants.at(-1) as number) - (instants[0] as number));

describe("writes paced by GitHub's secondary limits", () => {
  it("580 writes: none refused, in the shortest schedule (1 h: the hour's 500 in 6 min, 80 more an hour after the first)", async () => {
    const clock = virtualClock();
    fake = await startFakeGitHub([{ ...realisticSeed(3, NOW), ownerType: "User" }], { now: clock.now, secondaryLimits: {} });
    const octokit = createOctokit({ token: "t", baseUrl: fake.url, now: clock.now, sleep: clock.sleep, rateLimitRetries: 0 });
    for (let i = 0; i < 580; i++) {
      await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { owner: "acme", repo: "support", issue_number: 1 + (i % 3), labels: [`l${i}`] });
    }
    const writes = fake.limiter!.writes;
    expect(fake.limiter!.refused).toBe(0);
    expect(writes).toHaveLength(580);
    const minimum = shortestSchedule(580);
    expect(minimum).toBe(3_600_000);
    // The first 80 at once, then 80 a minute up to the hour's 500 (at 6 min), the rest an hour on.
    expect(writes.filter((t) => t === NOW)).toHaveLength(80);
    expect(writes.filter((t) => t > NOW + 6 * 60_000 && t < NOW + 3_600_000)).toEqual([]);
    console.log(`580 writes: schedule ${span(writes) / 1000} s, shortest possible ${minimum / 1000} s, refused ${fake.limiter!.refused}`);
    expect(span(writes)).toBe(minimum);
  }, 60_000);

  it("an audit: every write lands, none refused, in the shortest schedule for its writes", async () => {
    const { rules } = readRules(new URL("../../rules/support.yml", import.meta.url).pathname);
    const clock = virtualClock();
    fake = await startFakeGitHub([realisticSeed(150, NOW)], { now: clock.now, secondaryLimits: {} });
    const octokit = createOctokit({ token: "t", baseUrl: fake.url, now: clock.now, sleep: clock.sleep, rateLimitRetries: 0 });
    const tracker = createGitHubTracker({ octokit, repository: "acme/support", graphqlUrl: fake.graphqlUrl, botLogins: rules!.botLogins });
    const report = await runAudit({ tracker, rules: rules!, now: NOW, dryRun: false, maxWrites: null, scope: {} });
    expect(report.totals.failed).toBe(0);
    expect(fake.limiter!.refused).toBe(0);
    const writes = fake.limiter!.writes;
    expect(writes.length).toBeGreaterThan(160);
    console.log(`audit of 150 issues: ${writes.length} writes in ${span(writes) / 1000} s, shortest possible ${shortestSchedule(writes.length) / 1000} s`);
    expect(span(writes)).toBe(shortestSchedule(writes.length));
  }, 60_000);

  it("a flat second between writes runs into the hour's 500; the refused ones are reported failed, never done", async () => {
    const clock = virtualClock();
    fake = await startFakeGitHub([{ ...realisticSeed(1, NOW), ownerType: "User" }], { now: clock.now, secondaryLimits: {} });
    // The old spacing: one write a second, nothing else kept to.
    const octokit = createOctokit({ token: "t", baseUrl: fake.url, pacing: false, rateLimitRetries: 0 });
    const tracker = createGitHubTracker({ octokit, repository: "acme/support", graphqlUrl: fake.graphqlUrl });
    const issue = await tracker.getIssue("1");
    const statuses: boolean[] = [];
    for (let i = 0; i < 560; i++) {
      const operation = { kind: "close", closeReason: "completed", rule: "t", reason: "t" } as Operation;
      const [result] = await tracker.apply(issue, [i % 2 === 0 ? operation : { ...operation, kind: "reopen" }]);
      statuses.push(result!.ok);
      if (!result!.ok) expect(result!.error).toMatch(/^rate-limit: .*secondary rate limit/);
      await clock.sleep(1000);
    }
    const refused = fake.limiter!.refused;
    expect(refused).toBe(60);
    // Exactly the writes GitHub let in are reported done.
    expect(statuses.filter(Boolean)).toHaveLength(fake.limiter!.writes.length);
    expect(statuses.filter((ok) => !ok)).toHaveLength(560 - fake.limiter!.writes.length);
  }, 60_000);

  it("a refusal GitHub sends anyway holds every later write back for its retry-after", async () => {
    const clock = virtualClock();
    fake = await startFakeGitHub([{ ...realisticSeed(1, NOW), ownerType: "User" }], { now: clock.now, secondaryLimits: {} });
    const octokit = createOctokit({ token: "t", baseUrl: fake.url, now: clock.now, sleep: clock.sleep, rateLimitRetries: 0 });
    fake.inject({ method: "POST", path: /\/labels$/, status: 403, headers: { "retry-after": "30" }, body: { message: "You have exceeded a secondary rate limit." } });
    const write = () => octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { owner: "acme", repo: "support", issue_number: 1, labels: ["x"] });
    await expect(write()).rejects.toMatchObject({ status: 403 });
    const before = clock.t;
    await write();
    expect(clock.t - before).toBe(30_000);
  });
});
