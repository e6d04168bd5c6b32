/**
 * Fuzz: the Action's event classification and event runs, on the `issues` and `issue_comment`
 * payloads of @octokit/webhooks-examples with values of other types put at any path. Classifying
 * never throws and names an issue only by a real issue number; a whole run (against the fake
 * GitHub, dry run) ends in exit 0 with a notice or a plan, never a bug.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyEvent } from "../../src/action/classify-event.ts";
import { runAction } from "../../src/action/run-action.ts";
import type { RestIssue } from "../../src/github/rest-types.ts";
import { recordingHost } from "../action/recording-host.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { fuzzParameters, fuzzTimeout } from "./fuzz-settings.ts";
import { pathsOf, replaceAt } from "./mutate-yaml.ts";

interface Example {
  action?: string;
  issue?: RestIssue;
  repository?: { full_name?: string };
}

const require = createRequire(import.meta.url);
const index = JSON.parse(readFileSync(require.resolve("@octokit/webhooks-examples/api.github.com/index.json"), "utf8")) as { name: string; examples: Example[] }[];
const examples = index.filter((event) => event.name === "issues" || event.name === "issue_comment").flatMap((event) => event.examples.map((payload) => ({ event: event.name, payload })));
const REPOSITORY = "Codertocat/Hello-World";

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER + 2, true, "", "1", "github-actions[bot]", "GITHUB-ACTIONS[BOT]", [], {}, [null], { number: 1 }),
  fc.string({ maxLength: 30 }),
  fc.anything({ maxDepth: 3, maxKeys: 4, withNullPrototype: false }),
);

/** The places classification reads, hit more often than one place among hundreds would be. */
const READ_PATHS = [["issue", "number"], ["issue"], ["action"], ["sender"], ["sender", "login"], ["issue", "pull_request"]];

/** An example payload with one to three places (any, or one that is read) given a value of another type. */
const mutatedEvent = fc
  .tuple(fc.nat({ max: examples.length - 1 }), fc.array(fc.tuple(fc.oneof(fc.nat(), fc.constantFrom(...READ_PATHS)), anyValue), { minLength: 1, maxLength: 3 }), fc.constantFrom("issues", "issue_comment", "issues", "issue_comment", "pull_request", "schedule"))
  .map(([which, changes, eventName]) => {
    const example = examples[which] as (typeof examples)[number];
    let payload: unknown = example.payload;
    for (const [pick, replacement] of changes) {
      const all = pathsOf(payload);
      payload = replaceAt(payload, typeof pick === "number" ? (all[pick % all.length] ?? []) : pick, replacement);
    }
    return { eventName: eventName === "issues" || eventName === "issue_comment" ? example.event : eventName, payload };
  });

describe("fuzz: the Action's events", () => {
  it("classifying a mutated payload never throws, and names an issue only by a real issue number", () => {
    fc.assert(
      fc.property(mutatedEvent, fc.array(fc.string({ maxLength: 20 }), { maxLength: 2 }), fc.boolean(), ({ eventName, payload }, botLogins, pullRequests) => {
        const decision = classifyEvent(eventName, payload, { botLogins, pullRequests });
        expect(decision.reason.length).toBeGreaterThan(0);
        expect(decision.reason).not.toMatch(/\[object Object\]|undefined/);
        if (decision.mode === "issue") expect(Number.isSafeInteger(decision.number) && decision.number > 0, decision.reason).toBe(true);
      }),
      fuzzParameters(1000, 0x5e9d31),
    );
  }, fuzzTimeout(5_000));

  describe("event runs", () => {
    let fake: FakeGitHub;
    const dir = mkdtempSync(join(tmpdir(), "shepherd-fuzz-action-"));

    beforeAll(async () => {
      const issues = new Map<number, RestIssue>();
      for (const { payload } of examples) {
        const issue = payload.issue;
        const number = issue?.number;
        if (payload.repository?.full_name === REPOSITORY && issue !== undefined && typeof number === "number" && !issues.has(number)) issues.set(number, issue);
      }
      fake = await startFakeGitHub([{ repository: REPOSITORY, ownerType: "User", issues: [...issues.values()].map((issue) => ({ issue })) }]);
      writeFileSync(join(dir, "rules.yml"), "extends: support\n");
    });

    afterAll(async () => {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("a run on a mutated payload ends in exit 0 with a notice or a plan", async () => {
      await fc.assert(
        fc.asyncProperty(mutatedEvent, async ({ eventName, payload }) => {
          const eventPath = join(dir, "event.json");
          writeFileSync(eventPath, JSON.stringify(payload) ?? "");
          const record = recordingHost({
            GITHUB_EVENT_NAME: eventName,
            GITHUB_EVENT_PATH: eventPath,
            GITHUB_REPOSITORY: REPOSITORY,
            GITHUB_API_URL: fake.url,
            GITHUB_GRAPHQL_URL: fake.graphqlUrl,
            RUNNER_TEMP: dir,
            "INPUT_GITHUB-TOKEN": "ghs_fake",
            INPUT_RULES: join(dir, "rules.yml"),
            "INPUT_DRY-RUN": "true",
          });
          const code = await runAction(record.host, { pacing: false });
          expect({ code, failed: record.failed, errors: record.errors }).toEqual({ code: 0, failed: [], errors: [] });
          expect(record.notices.length + record.summary.length).toBeGreaterThan(0);
        }),
        fuzzParameters(40, 0x5e9d32),
      );
      expect(fake.violations).toEqual([]);
    }, fuzzTimeout(15_000));
  });
});
