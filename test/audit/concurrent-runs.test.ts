/**
 * Exactly-once under concurrency: real runs interleaved on the same issues, through the real
 * adapters against the fakes (with a small jittered round trip, so requests interleave as they do
 * against a real tracker), counting keyed comments posted more than once. 50 trials each:
 * (a) the Action's event runs beside the scheduled audit, (b) two audits, (c) the Jira server's
 * issue processor beside a JQL audit. Trials run a few at a time, each against its own fake.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAction } from "../../src/action/run-action.ts";
import { runAudit } from "../../src/audit/run-audit.ts";
import { readRules } from "../../src/config/read-rules.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { readMarkerKeys } from "../../src/core/text/hidden-key.ts";
import { createJiraTracker } from "../../src/jira/create-jira-tracker.ts";
import { commentPropertyKeys } from "../../src/jira/ledger.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { createMetrics } from "../../src/server/metrics.ts";
import { createIssueProcessor } from "../../src/server/process-issue.ts";
import { recordingHost } from "../action/recording-host.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { restIssue } from "../fakes/github/make-issues.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { USERS, supportIssue } from "../fakes/jira/seed.ts";

const TRIALS = Number(process.env.RACE_TRIALS ?? 50);
/** Trials at once: each has its own fake, so they do not share issues. */
const AT_ONCE = 10;
const HOUR = 3_600_000;
const REPO = "acme/support";
const dir = mkdtempSync(join(tmpdir(), "shepherd-races-"));
const rulesPath = join(dir, "rules.yml");
writeFileSync(rulesPath, "extends: support\n");
const jiraRulesPath = new URL("../fakes/jira/rules.yml", import.meta.url).pathname;

/** 0–3 ms per request: a round trip that lets two runs' requests interleave differently each trial. */
const jitter = () => Math.random() * 3;

/** An issue that gets keyed comments from the preset: missing information, a breached first response. */
function githubSeed(now: number) {
  const issues = [1].map((number) => ({
    issue: restIssue({ number, title: `Export fails (${number})`, body: "It is broken.", labels: number === 1 ? ["priority/P1"] : [], createdAt: now - (2 + number) * HOUR }, REPO),
  }));
  return [{ repository: REPO, ownerType: "Organization" as const, issues }];
}

/** Keyed comments by the token's account posted more than once, over the whole repository. */
function githubDuplicates(fake: FakeGitHub): { keyed: number; duplicates: number } {
  let keyed = 0;
  let duplicates = 0;
  for (const entry of fake.state.repo("acme", "support")?.issues.values() ?? []) {
    const counts = new Map<string, number>();
    for (const comment of entry.comments) {
      // Every key of a digest counts: a notice said twice is a duplicate, in one comment or two.
      const keys = readMarkerKeys(comment.body ?? "");
      if (keys === undefined || comment.user?.login !== fake.state.viewer.login) continue;
      for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const n of counts.values()) {
      keyed += 1;
      duplicates += n - 1;
    }
  }
  return { keyed, duplicates };
}

function actionEnv(fake: FakeGitHub, event: string, payload?: unknown): Record<string, string> {
  const env: Record<string, string> = {
    GITHUB_EVENT_NAME: event,
    GITHUB_REPOSITORY: REPO,
    GITHUB_API_URL: fake.url,
    GITHUB_GRAPHQL_URL: fake.graphqlUrl,
    RUNNER_TEMP: dir,
    "INPUT_GITHUB-TOKEN": "ghs_fake",
    INPUT_RULES: rulesPath,
    "INPUT_MAX-WRITES": "1000",
  };
  if (payload !== undefined) {
    const path = join(dir, `event-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(payload));
    env.GITHUB_EVENT_PATH = path;
  }
  return env;
}

/** One Action run in this process, as the runner would start it (pacing off against the fake). */
async function action(fake: FakeGitHub, now: number, event: string, payload?: unknown): Promise<{ code: number; failed: string[] }> {
  const record = recordingHost(actionEnv(fake, event, payload), now);
  const code = await runAction(record.host, { pacing: false });
  return { code, failed: record.failed };
}

const openedPayload = (fake: FakeGitHub, number: number) => ({
  action: "opened",
  issue: fake.state.get("acme", "support", number)?.issue,
  repository: { full_name: REPO, owner: { login: "acme", type: "Organization" } },
  sender: { login: "reporter", type: "User" },
});

/** Run `trial` TRIALS times, AT_ONCE at a time; sum what they return. */
async function trials(trial: () => Promise<{ keyed: number; duplicates: number }>): Promise<{ keyed: number; duplicates: number }> {
  const total = { keyed: 0, duplicates: 0 };
  for (let done = 0; done < TRIALS; done += AT_ONCE) {
    const results = await Promise.all(Array.from({ length: Math.min(AT_ONCE, TRIALS - done) }, trial));
    for (const r of results) {
      total.keyed += r.keyed;
      total.duplicates += r.duplicates;
    }
  }
  return total;
}

const fakes: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close()));
});

describe("GitHub: runs racing on the same issues post each keyed comment once", () => {
  it("(a) an event run beside the scheduled audit, 50 trials", async () => {
    const result = await trials(async () => {
      const now = Date.now();
      const fake = await startFakeGitHub(githubSeed(now), { latencyMs: jitter });
      fakes.push(fake);
      const runs = await Promise.all([
        action(fake, now, "schedule"),
        ...[1].map((n) => action(fake, now, "issues", openedPayload(fake, n))),
      ]);
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
      expect(fake.violations).toEqual([]);
      return githubDuplicates(fake);
    });
    // Every trial posts notices (at least one key), none of them twice.
    expect(result.keyed).toBeGreaterThanOrEqual(TRIALS);
    expect(result.duplicates).toBe(0);
  }, 60_000);

  it("(b) two scheduled audits at once, 50 trials", async () => {
    const result = await trials(async () => {
      const now = Date.now();
      const fake = await startFakeGitHub(githubSeed(now), { latencyMs: jitter });
      fakes.push(fake);
      const runs = await Promise.all([action(fake, now, "schedule"), action(fake, now, "schedule")]);
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
      expect(fake.violations).toEqual([]);
      return githubDuplicates(fake);
    });
    expect(result.keyed).toBeGreaterThanOrEqual(TRIALS);
    expect(result.duplicates).toBe(0);
  }, 60_000);
});

function loadRules(path: string): Rules {
  const { rules, diagnostics } = readRules(path);
  if (rules === undefined || diagnostics.length > 0) throw new Error(`rules: ${JSON.stringify(diagnostics)}`);
  return rules;
}

const JIRA_KEYS = ["SUP-1", "SUP-2"];

function jiraDuplicates(fake: FakeJira): { keyed: number; duplicates: number } {
  let keyed = 0;
  let duplicates = 0;
  for (const key of JIRA_KEYS) {
    const counts = new Map<string, number>();
    for (const comment of fake.issue(key).comments) {
      const hidden = commentPropertyKeys(comment.properties);
      if (hidden === undefined || comment.author.accountId !== USERS.bot.accountId) continue;
      for (const key of hidden) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const n of counts.values()) {
      keyed += 1;
      duplicates += n - 1;
    }
  }
  return { keyed, duplicates };
}

describe("Jira: the server and a JQL audit racing on the same issues post each keyed comment once", () => {
  it("(c) the server's processor for every issue beside a JQL audit, 50 trials", async () => {
    const rules = loadRules(jiraRulesPath);
    const result = await trials(async () => {
      const now = Date.now();
      const issues = JIRA_KEYS.map((key, i) =>
        supportIssue({ key, id: String(10_001 + i), created: now - (3 + i) * HOUR, description: "It is broken.", extraFields: {}, priority: i === 0 ? "High" : "Medium" }),
      );
      const fake = await startFakeJira({ issues, latencyMs: jitter });
      fakes.push(fake);
      // Two processes in production: two trackers, each with its own caches and pacing.
      const open = () => createJiraTracker({ baseUrl: fake.url, email: USERS.bot.emailAddress, apiToken: "test-api-token", sleep: () => Promise.resolve() });
      const serverTracker = open();
      const processor = createIssueProcessor({
        tracker: serverTracker,
        rules,
        now: () => now,
        logger: silentLogger,
        metrics: createMetrics({ queueDepth: () => 0, queueLimit: 0, inProgress: () => 0, memory: () => 0 }),
      });
      const [report] = await Promise.all([
        runAudit({ tracker: open(), rules, now, dryRun: false, scope: { jql: "project = SUP" } }),
        ...JIRA_KEYS.map((key) => processor(key)),
      ]);
      expect(report.totals.failed).toBe(0);
      expect(fake.violations).toEqual([]);
      return jiraDuplicates(fake);
    });
    expect(result.keyed).toBeGreaterThanOrEqual(TRIALS * 2);
    expect(result.duplicates).toBe(0);
  }, 60_000);
});
