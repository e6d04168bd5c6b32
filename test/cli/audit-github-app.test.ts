/**
 * `shepherd audit --tracker github-app` as a process against the fake GitHub, which answers as
 * the App's GitHub: JWT-checked installations, installation tokens that reach only their
 * repositories, the contents API for rule files. Two installations: acme (a repository with its
 * own rules, one that falls back to acme/.github's, and acme/.github itself) and globex (a
 * repository with no rules anywhere).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { InMemoryApp } from "../../src/github/in-memory/app-state.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { APP_ID, APP_KEYS, BOT, createApp, generateAppKeys, NOW, ORG_RULES, OWN_RULES, printerIssue } from "../fakes/github/app-fixtures.ts";
import { user } from "../fakes/github/make-issues.ts";

const BIN = fileURLToPath(new URL("../../bin/shepherd.js", import.meta.url));
const { privateKey } = APP_KEYS;
const FALLBACK_RULES = OWN_RULES.replace("label: hardware", "label: from-cli");

let github: FakeGitHub | undefined;
afterEach(async () => {
  await github?.close();
  github = undefined;
});

async function setup(): Promise<{ github: FakeGitHub; app: InMemoryApp }> {
  github = await startFakeGitHub(
    [
      { repository: "acme/api", issues: [{ issue: printerIssue("acme/api", 1) }] },
      { repository: "acme/web", issues: [{ issue: printerIssue("acme/web", 7) }] },
      { repository: "acme/.github", issues: [] },
      { repository: "globex/desk", issues: [{ issue: printerIssue("globex/desk", 3) }] },
    ],
    { now: () => NOW, viewer: user(BOT) },
  );
  const app = createApp([
    { id: 11, account: { login: "acme", id: 9, type: "Organization" }, repositories: ["acme/api", "acme/web", "acme/.github"] },
    { id: 22, account: { login: "globex", id: 10, type: "Organization" }, repositories: ["globex/desk"] },
  ]);
  app.setFile("acme/api", ".github/shepherd.yml", OWN_RULES);
  app.setFile("acme/.github", ".github/shepherd.yml", ORG_RULES);
  github.state.app = app;
  return { github, app };
}

function shepherd(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

const appEnv = (fake: FakeGitHub, extra: Record<string, string> = {}) => ({
  GITHUB_APP_ID: String(APP_ID),
  GITHUB_APP_PRIVATE_KEY: privateKey,
  GITHUB_API_URL: fake.url,
  GITHUB_GRAPHQL_URL: fake.graphqlUrl,
  ...extra,
});
const audit = (fake: FakeGitHub, args: string[] = [], extra: Record<string, string> = {}) =>
  shepherd(["audit", "--tracker", "github-app", "--now", new Date(NOW).toISOString(), ...args], appEnv(fake, extra));

const labelsOf = (fake: FakeGitHub, repository: string, number: number): string[] => {
  const [owner = "", name = ""] = repository.split("/");
  return (fake.state.get(owner, name, number)?.issue.labels ?? []).map((l) => l.name);
};
/** Writes to the repositories (creating installation tokens is not one). */
const writesOf = (fake: FakeGitHub) => fake.requests.filter((r) => r.write && !r.path.startsWith("/app/"));
/** Requests about one repository's issues (REST paths and GraphQL bodies that name it). */
const touching = (fake: FakeGitHub, repository: string) =>
  fake.requests.filter((r) => r.path.includes(`/repos/${repository}/issues`) || (r.operation !== undefined && JSON.stringify(r.body).includes(`"${repository.split("/")[1]}"`)));

interface Section {
  repository: string;
  installation: number;
  rules?: string;
  rulesFrom?: string;
  status: string;
  reason?: string;
  diagnostics?: string[];
  tracker?: string;
  totals?: { issues: number; changes: number; failed: number; deferred: number };
  budget?: { used: number; exhausted: boolean };
}
type Report = { tracker: string; repositories: Section[]; totals: Record<string, number>; budget: { max: number | null; used: number; exhausted: boolean } };

describe("shepherd audit --tracker github-app", () => {
  it("audits every repository of every installation with its own rules, else the organisation's, and reports the one without", async () => {
    const { github: fake } = await setup();
    const run = await audit(fake, ["--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.tracker).toBe("github-app");
    const by = new Map(report.repositories.map((s) => [s.repository, s]));
    expect([...by.keys()]).toEqual(["acme/api", "acme/web", "acme/.github", "globex/desk"]);
    expect(by.get("acme/api")).toMatchObject({ installation: 11, rules: "acme/api:.github/shepherd.yml", rulesFrom: "repository" });
    expect(by.get("acme/api")?.tracker).toContain("acme/api");
    expect(by.get("acme/web")).toMatchObject({ installation: 11, rules: "acme/.github:.github/shepherd.yml", rulesFrom: "organisation" });
    expect(by.get("acme/.github")).toMatchObject({ rulesFrom: "repository", totals: { issues: 0 } });
    expect(by.get("globex/desk")).toMatchObject({ installation: 22, status: "no-rules" });
    expect(by.get("globex/desk")?.reason).toContain("no .github/shepherd.yml in globex/desk nor in globex/.github");
    expect(report.totals).toMatchObject({ repositories: 4, audited: 3, skipped: 1, failedRepositories: 0, issues: 2, failed: 0 });
    expect(report.totals.changes).toBe((by.get("acme/api")?.totals?.changes ?? 0) + (by.get("acme/web")?.totals?.changes ?? 0));
    expect(labelsOf(fake, "acme/api", 1)).toContain("hardware");
    expect(labelsOf(fake, "acme/api", 1)).not.toContain("org-default");
    expect(labelsOf(fake, "acme/web", 7)).toEqual(expect.arrayContaining(["org-default"]));
    expect(labelsOf(fake, "acme/web", 7)).not.toContain("hardware");
    // The repository without rules is not read, let alone written.
    expect(touching(fake, "globex/desk")).toEqual([]);
    expect(labelsOf(fake, "globex/desk", 3)).toEqual([]);

    // A second run finds nothing to do: each repository's plans converged, and nothing is written.
    const writes = writesOf(fake).length;
    const again = JSON.parse((await audit(fake, ["--json"])).stdout) as Report;
    expect(again.totals.changes).toBe(0);
    expect(writesOf(fake)).toHaveLength(writes);
  });

  it("reads and writes each repository exactly as --tracker github:OWNER/REPO does, through its own installation's token", async () => {
    const shape = (fake: FakeGitHub) =>
      fake.requests.filter((r) => !/^\/(app|installation)\/|\/contents\//.test(r.path)).map((r) => `${r.method} ${r.path}${r.query === "" ? "" : `?${r.query}`} ${r.operation ?? ""}`);
    const folder = mkdtempSync(join(tmpdir(), "app-audit-"));
    const rules = join(folder, "shepherd.yml");
    writeFileSync(rules, OWN_RULES);
    const single = await setup();
    const direct = await shepherd(["audit", "--tracker", "github:acme/api", "--rules", rules, "--now", new Date(NOW).toISOString(), "--json"], {
      GITHUB_TOKEN: "a-personal-token",
      GITHUB_API_URL: single.github.url,
      GITHUB_GRAPHQL_URL: single.github.graphqlUrl,
    });
    expect(direct.code).toBe(0);
    const expected = shape(single.github);
    await single.github.close();

    const { github: fake, app } = await setup();
    const run = await audit(fake, ["--repos", "acme/api", "--json"]);
    expect(run.code).toBe(0);
    expect(expected.some((line) => line.startsWith("POST /graphql") || line.includes("graphql"))).toBe(true);
    expect(shape(fake)).toEqual(expected);
    expect((JSON.parse(run.stdout) as Report).repositories[0]?.totals).toEqual((JSON.parse(direct.stdout) as { totals: unknown }).totals);
    // One installation token for the whole run; the contract holds for every request.
    expect(app.issued).toBe(1);
    expect(fake.violations.filter((v) => !/^GET \/(installation\/repositories|repos\/[^/]+\/[^/]+\/contents\/)/.test(v))).toEqual([]);
  });

  it("--repos audits only the listed repositories; --rules gives one without any rules its rules", async () => {
    const { github: fake } = await setup();
    const folder = mkdtempSync(join(tmpdir(), "app-audit-"));
    const rules = join(folder, "fallback.yml");
    writeFileSync(rules, FALLBACK_RULES);
    const run = await audit(fake, ["--repos", "globex/desk, acme/api", "--rules", rules, "--json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.repositories.map((s) => [s.repository, s.rulesFrom])).toEqual([
      ["globex/desk", "--rules"],
      ["acme/api", "repository"],
    ]);
    expect(labelsOf(fake, "globex/desk", 3)).toContain("from-cli");
    // The fallback never replaces a repository's own rules.
    expect(labelsOf(fake, "acme/api", 1)).toContain("hardware");
    expect(labelsOf(fake, "acme/api", 1)).not.toContain("from-cli");
    expect(touching(fake, "acme/web")).toEqual([]);
  });

  it("one --max-writes budget for the whole run: once it is spent, later repositories write nothing", async () => {
    const { github: fake } = await setup();
    const planned = JSON.parse((await audit(fake, ["--dry-run", "--json"])).stdout) as Report;
    const first = planned.repositories[0]?.totals?.changes ?? 0;
    expect(first).toBeGreaterThan(0);
    const run = await audit(fake, ["--max-writes", String(first), "--json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.budget).toMatchObject({ max: first, used: first, exhausted: true });
    expect(report.repositories[0]?.totals).toMatchObject({ changes: first, deferred: 0 });
    expect(report.repositories[1]?.totals).toMatchObject({ changes: 0, deferred: planned.repositories[1]?.totals?.changes });
    expect(labelsOf(fake, "acme/web", 7)).toEqual([]);
    expect(report.totals.deferred).toBeGreaterThan(0);
  });

  it("prints a heading per repository with where its rules came from, and the run's totals", async () => {
    const { github: fake } = await setup();
    const report = join(mkdtempSync(join(tmpdir(), "app-audit-")), "report.json");
    const run = await audit(fake, ["--dry-run", "--report", report]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/━━ acme\/api ━+\nrules: acme\/api:\.github\/shepherd\.yml \(its own\)/);
    expect(run.stdout).toMatch(/━━ acme\/web ━+\nrules: acme\/\.github:\.github\/shepherd\.yml \(the organisation's\)/);
    expect(run.stdout).toMatch(/━━ globex\/desk ━+\nskipped: no \.github\/shepherd\.yml in globex\/desk/);
    expect(run.stdout).toContain("issue-shepherd audit — ");
    expect(run.stdout).toMatch(/4 repositories: 3 audited, 1 skipped \(no rules\); 2 issue\(s\); \d+ change\(s\) planned/);
    expect((JSON.parse(readFileSync(report, "utf8")) as Report).repositories).toHaveLength(4);
  });

  it("a rule file with errors fails its repository alone, located at its line and column (exit 1)", async () => {
    const { github: fake, app } = await setup();
    app.setFile("acme/api", ".github/shepherd.yml", "extends: support\nsla:\n  nonsense: 3\n");
    const run = await audit(fake, ["--json"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^acme\/api:\.github\/shepherd\.yml:3:3: /m);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.repositories[0]).toMatchObject({ repository: "acme/api", status: "failed" });
    expect(report.repositories[0]?.reason).toContain("has errors");
    expect(report.repositories[0]?.diagnostics).toEqual([expect.stringMatching(/:3:3: /)]);
    expect(report.totals.failedRepositories).toBe(1);
    expect(labelsOf(fake, "acme/api", 1)).toEqual([]);
    expect(labelsOf(fake, "acme/web", 7)).toContain("org-default");
  });

  it("says what is wrong with the App's settings and the repositories named, exit 2, never a stack or the key", async () => {
    const { github: fake } = await setup();
    const unknown = await audit(fake, ["--repos", "acme/api,acme/nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`--repos: expected repositories the App is installed on, found "acme/nope"`);
    expect(unknown.stderr).toContain("acme/api, acme/web, acme/.github, globex/desk");
    expect(writesOf(fake)).toEqual([]);
    const garbled = await audit(fake, ["--repos", "acme"]);
    expect(garbled.code).toBe(2);
    expect(garbled.stderr).toContain(`--repos: expected OWNER/REPO, found "acme"`);
    const noKey = await shepherd(["audit", "--tracker", "github-app"], { GITHUB_APP_ID: String(APP_ID), GITHUB_API_URL: fake.url });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("GITHUB_APP_PRIVATE_KEY");
    const other = generateAppKeys();
    const refused = await audit(fake, [], { GITHUB_APP_PRIVATE_KEY: other.privateKey });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`GitHub App ${APP_ID}`);
    for (const run of [unknown, garbled, noKey, refused]) {
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stderr).not.toContain("PRIVATE KEY-----");
    }
    const rules = join(mkdtempSync(join(tmpdir(), "app-audit-")), "rules.yml");
    writeFileSync(rules, OWN_RULES);
    const plan = await shepherd(["plan", "--rules", rules, "--tracker", "github-app"], appEnv(fake));
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain("--tracker github-app covers many repositories, each with its own rules: only shepherd audit takes it");
  });
});
