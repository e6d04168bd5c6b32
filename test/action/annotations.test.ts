/**
 * What a run leaves as annotations. A request GitHub answered 502 and that succeeded when retried
 * is not an error of the run: at most a warning. Errors are for what failed in the end.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runAction } from "../../src/action/run-action.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { formBody, restEvent, restIssue } from "../fakes/github/make-issues.ts";
import { recordingHost } from "./recording-host.ts";

const MIN = 60_000;
const ZONE = "calendars: { business: { timezone: Asia/Shanghai } }";
let fake: FakeGitHub | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function audit(faults: Parameters<FakeGitHub["inject"]>[0][], rules = `extends: support\n${ZONE}\n`) {
  const now = Date.now();
  const created = now - 6 * 60 * MIN;
  // A P1 past its first response: the audit labels it breached and posts one notice.
  const issue = restIssue({ number: 7, title: "Checkout broken", createdAt: created, body: formBody(), labels: ["priority/P1", "bug"], assignees: ["li-wei"] });
  fake = await startFakeGitHub([{ repository: "acme/support", ownerType: "User", issues: [{ issue, comments: [], timeline: [restEvent("labeled", "li-wei", created + MIN, { label: { name: "priority/P1" } })] }] }]);
  for (const fault of faults) fake.inject(fault);
  const dir = mkdtempSync(join(tmpdir(), "shepherd-annotations-"));
  writeFileSync(join(dir, "rules.yml"), rules);
  writeFileSync(join(dir, "event.json"), "{}");
  const record = recordingHost(
    {
      GITHUB_EVENT_NAME: "schedule",
      GITHUB_EVENT_PATH: join(dir, "event.json"),
      GITHUB_REPOSITORY: "acme/support",
      GITHUB_API_URL: fake.url,
      GITHUB_GRAPHQL_URL: fake.graphqlUrl,
      RUNNER_TEMP: dir,
      "INPUT_GITHUB-TOKEN": "ghs_fake",
      INPUT_RULES: join(dir, "rules.yml"),
      "INPUT_DRY-RUN": "false",
    },
    now,
  );
  const code = await runAction(record.host, { pacing: false });
  return { code, record, fake };
}

describe("annotations of a run", { timeout: 30_000 }, () => {
  it("a 502 on the audit read and on a label write, both retried successfully: no error annotation", async () => {
    const { code, record, fake } = await audit([
      { method: "POST", path: /graphql/, operation: "ShepherdAuditIssues", status: 502, body: { message: "Server Error" } },
      // Labels go out in the issue's one write request, a GraphQL document of add/remove mutations.
      { method: "POST", path: /graphql/, operation: "ShepherdApply", status: 502, body: { message: "Server Error" } },
    ]);
    expect(fake.requests.filter((r) => r.status === 502)).toHaveLength(2);
    expect({ code, errors: record.errors, failed: record.failed }).toEqual({ code: 0, errors: [], failed: [] });
    expect(fake.state.get("acme", "support", 7)!.issue.labels.map((l) => l.name)).toContain("sla/breached");
    // Saying that GitHub stumbled is fine, as a warning that names the request.
    for (const warning of record.warnings) expect(warning).toMatch(/502/);
  });

  it("a 404 the adapter expects (no issue fields in this account) is not even a warning", async () => {
    const { code, record } = await audit([]);
    expect({ code, errors: record.errors, warnings: record.warnings }).toEqual({ code: 0, errors: [], warnings: [] });
  });

  it("rules that leave the business calendar's zone to the preset: one warning on the extends line, and the run goes on (exit 0)", async () => {
    const { code, record } = await audit([], "# ours\nextends: support\n");
    expect({ code, errors: record.errors, failed: record.failed }).toEqual({ code: 0, errors: [], failed: [] });
    expect(record.warnings).toHaveLength(1);
    expect(record.warnings[0]).toMatch(/^calendars\.business\.timezone: the business calendar takes its time zone from the preset: .* in UTC\. Set your team's zone/);
    expect(record.warningPlaces[0]).toMatchObject({ startLine: 2, startColumn: 10, title: "issue-shepherd rules" });
    expect(record.warningPlaces[0]?.file).toMatch(/rules\.yml$/);
    expect(record.summary.join("")).toContain("Times in UTC (the preset's zone — set calendars.business.timezone); P0, P1 on 24x7");
  });

  it("a write that fails in the end is an error per failed change that says which, not a request log", async () => {
    // A comment is not retried after a server error (it may have been posted): it fails.
    const { code, record } = await audit([{ method: "POST", path: /\/issues\/7\/comments$/, status: 502, body: { message: "Server Error" }, times: 5 }]);
    expect(code).toBe(1);
    expect(record.errors.length).toBeGreaterThan(0);
    for (const error of record.errors) expect(error).toMatch(/^acme\/support#7: failed comment .*502/);
    expect(record.errors.join("\n")).not.toMatch(/with id .* in \d+ms/);
  });
});
