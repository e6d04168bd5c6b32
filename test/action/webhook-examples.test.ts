/**
 * Event mode with every `issues` and `issue_comment` payload of @octokit/webhooks-examples: each is
 * handled without a crash — evaluated (the issue read through REST, converted, planned) or skipped
 * with a reason — against the fake GitHub seeded from the payload itself.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../../src/action/run-action.ts";
import type { RestIssue } from "../../src/github/rest-types.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { recordingHost } from "./recording-host.ts";

interface Example {
  action?: string;
  issue?: RestIssue;
  repository?: { full_name?: string; owner?: { type?: string } };
  sender?: { login?: string };
}

const require = createRequire(import.meta.url);
const index = JSON.parse(readFileSync(require.resolve("@octokit/webhooks-examples/api.github.com/index.json"), "utf8")) as { name: string; examples: Example[] }[];
const cases = index
  .filter((event) => event.name === "issues" || event.name === "issue_comment")
  .flatMap((event) => event.examples.map((payload, i) => ({ name: `${event.name}.${payload.action ?? "?"} #${i}`, event: event.name, payload })));

let fake: FakeGitHub;
const dir = mkdtempSync(join(tmpdir(), "shepherd-examples-"));

beforeAll(async () => {
  const repos = new Map<string, { ownerType: "User" | "Organization"; issues: RestIssue[] }>();
  for (const { payload } of cases) {
    const name = payload.repository?.full_name;
    if (name === undefined || typeof payload.issue?.number !== "number") continue;
    const repo = repos.get(name) ?? { ownerType: payload.repository?.owner?.type === "Organization" ? "Organization" : "User", issues: [] };
    if (!repo.issues.some((i) => i.number === payload.issue?.number)) repo.issues.push(payload.issue);
    repos.set(name, repo);
  }
  fake = await startFakeGitHub([...repos].map(([repository, repo]) => ({ repository, ownerType: repo.ownerType, issues: repo.issues.map((issue) => ({ issue })) })));
  writeFileSync(join(dir, "rules.yml"), "extends: support\n");
});

afterAll(async () => {
  await fake.close();
});

describe("every issues / issue_comment payload of @octokit/webhooks-examples", () => {
  it("covers all the actions of both events", () => {
    const actions = new Set(cases.map((c) => c.name.replace(/ #\d+$/, "")));
    for (const action of ["opened", "edited", "labeled", "unlabeled", "assigned", "unassigned", "closed", "reopened", "deleted", "transferred"]) {
      if (cases.some((c) => c.name.startsWith(`issues.${action} `))) expect(actions).toContain(`issues.${action}`);
    }
    for (const action of ["created", "edited", "deleted"]) expect(actions).toContain(`issue_comment.${action}`);
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)("$name is handled without a crash", async ({ event, payload }) => {
    const eventPath = join(dir, "event.json");
    writeFileSync(eventPath, JSON.stringify(payload));
    const record = recordingHost({
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: payload.repository?.full_name ?? "acme/support",
      GITHUB_API_URL: fake.url,
      GITHUB_GRAPHQL_URL: fake.graphqlUrl,
      RUNNER_TEMP: dir,
      "INPUT_GITHUB-TOKEN": "ghs_fake",
      INPUT_RULES: join(dir, "rules.yml"),
      "INPUT_DRY-RUN": "true",
    });
    const before = fake.requests.length;
    const code = await runAction(record.host);
    expect({ code, failed: record.failed, errors: record.errors }).toEqual({ code: 0, failed: [], errors: [] });
    const reads = fake.requests.slice(before);
    const pullRequest = payload.issue?.pull_request !== undefined && payload.issue.pull_request !== null;
    const gone = payload.action === "deleted" && event === "issues";
    if (pullRequest || gone || payload.action === "transferred" || payload.issue === undefined) {
      expect(record.notices.join("\n")).toMatch(/nothing to do/);
      expect(reads).toEqual([]);
    } else {
      expect(reads.map((r) => `${r.method} ${r.path}`)).toContain(`GET /repos/${payload.repository?.full_name}/issues/${payload.issue.number}`);
      expect(record.outputs.report).toMatch(/issue-shepherd-report/);
      expect(record.summary.join("")).toMatch(/issue-shepherd/);
    }
    expect(fake.violations).toEqual([]);
  });
});

describe("an event about an issue that is gone by the time the run reads it", () => {
  it("is a notice, not a failure", async () => {
    const eventPath = join(dir, "gone.json");
    writeFileSync(eventPath, JSON.stringify({ action: "edited", issue: { number: 4242 }, sender: { login: "octocat" } }));
    const record = recordingHost({
      GITHUB_EVENT_NAME: "issues",
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: "Codertocat/Hello-World",
      GITHUB_API_URL: fake.url,
      RUNNER_TEMP: dir,
      "INPUT_GITHUB-TOKEN": "ghs_fake",
      INPUT_RULES: join(dir, "rules.yml"),
    });
    expect(await runAction(record.host)).toBe(0);
    expect(record.notices.join("\n")).toMatch(/#4242 is gone/);
    expect(record.failed).toEqual([]);
  });
});
