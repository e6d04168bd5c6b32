/**
 * GitHub requests retried by the core's retry policy, against the fake GitHub: server errors of
 * reads with a growing, jittered back-off, a 429 on its retry-after, and a wait longer than the
 * policy's longest not sat out. Every wait and log line is recorded, none is slept.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { LogFields, Logger, LogLevel } from "../../src/core/logger.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { realisticSeed } from "../fakes/github/make-issues.ts";

const NOW = Date.parse("2026-03-11T02:00:00Z");
let fake: FakeGitHub | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(random = 0.5) {
  fake = await startFakeGitHub([realisticSeed(1, NOW)], { now: () => NOW });
  const slept: number[] = [];
  const lines: { level: LogLevel; event: string; fields?: LogFields | undefined }[] = [];
  const log: Logger = { log: (level, event, fields) => void lines.push({ level, event, fields }) };
  const octokit = createOctokit({ token: "t", baseUrl: fake.url, pacing: false, log, random: () => random, sleep: (ms) => (slept.push(ms), Promise.resolve()) });
  const tracker = createGitHubTracker({ octokit, repository: "acme/support", graphqlUrl: fake.graphqlUrl, botLogins: ["shepherd-bot"] });
  return { fake, tracker, slept, lines };
}

describe("GitHub retries by the retry policy", () => {
  it("retries a read's server errors with a doubling, jittered back-off, and logs each retry", async () => {
    const { fake, tracker, slept, lines } = await setup(0.75);
    fake.inject({ method: "GET", path: /\/issues\/1$/, status: 503, body: { message: "unavailable" }, times: 2 });
    expect((await tracker.getIssue("1")).id).toBe("acme/support#1");
    // 1 s and 2 s, each 10 % long (random 0.75 on ±20 %).
    expect(slept).toEqual([1100, 2200]);
    const retries = lines.filter((line) => line.event === "github.retry");
    expect(retries.map((line) => [line.level, line.fields?.["message"]])).toEqual([
      ["warn", "503 on GET /repos/{owner}/{repo}/issues/{issue_number}: retrying after 2s"],
      ["warn", "503 on GET /repos/{owner}/{repo}/issues/{issue_number}: retrying after 3s"],
    ]);
  });

  it("gives up after three retries with the error of the last answer", async () => {
    const { fake, tracker, slept } = await setup();
    fake.inject({ method: "GET", path: /\/issues\/1$/, status: 502, body: { message: "Bad Gateway" }, times: 10 });
    await expect(tracker.getIssue("1")).rejects.toMatchObject({ kind: "transient" });
    expect(slept).toEqual([1000, 2000, 4000]);
  });

  it("waits a plain 429's retry-after, and does not sit out one longer than a minute", async () => {
    const { fake, tracker, slept } = await setup();
    fake.inject({ method: "GET", path: /\/issues\/1$/, status: 429, headers: { "retry-after": "7" }, body: { message: "Too many requests" } });
    expect((await tracker.getIssue("1")).id).toBe("acme/support#1");
    expect(slept).toEqual([7000]);
    fake.inject({ method: "GET", path: /\/issues\/1$/, status: 429, headers: { "retry-after": "3600" }, body: { message: "Too many requests" } });
    await expect(tracker.getIssue("1")).rejects.toMatchObject({ kind: "rate-limit" });
    expect(slept).toEqual([7000]);
  });
});
