/**
 * One `shepherd serve` process (bin/shepherd.js as a child) serving Jira and a GitHub App at
 * once, from the same rule file: the file given to --rules is the one the repository holds as
 * .github/shepherd.yml. A Jira delivery (the fake site) and a GitHub App delivery (the fake
 * GitHub, which checks the App's JWT and its installation token) are each applied exactly once;
 * their redeliveries are answered as duplicates and change nothing. And the App served alone.
 */
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhooks } from "@octokit/webhooks";
import examples from "@octokit/webhooks-examples/api.github.com/index.json" with { type: "json" };
import { afterEach, describe, expect, it } from "vitest";
import { InMemoryApp } from "../../src/github/in-memory/app-state.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { restIssue, user } from "../fakes/github/make-issues.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { supportIssue, USERS } from "../fakes/jira/seed.ts";
import { type Delivery, issueEvent, signed } from "../fakes/jira/webhook-payloads.ts";
import { BIN, launchServe, type ServeProcess, TOKEN } from "./serve-process.ts";

const JIRA_SECRET = "jira-whsec-one-server";
const APP_SECRET = "app-whsec-one-server";
const APP_ID = 515151;
const INSTALLATION = 777;
const BOT = "shepherd-app[bot]";
const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs1", format: "pem" } });

/** One rule file for both trackers: the support preset, both bots, and a rule of its own. */
const RULES = `extends: support
bot: { logins: ["${USERS.bot.accountId}", "${BOT}"] }
rules:
  - name: printers
    when: { all: [{ state: open }, { text: "printer" }] }
    then:
      - label: hardware
`;

let github: FakeGitHub | undefined;
let jira: FakeJira | undefined;
let serve: ServeProcess | undefined;
const dirs: string[] = [];
afterEach(async () => {
  if (serve !== undefined && serve.child.exitCode === null && serve.child.signalCode === null) {
    serve.child.kill("SIGTERM");
    await serve.exited;
  }
  serve = undefined;
  await github?.close();
  await jira?.close();
  github = undefined;
  jira = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const folder = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "one-server-"));
  dirs.push(dir);
  return dir;
};

/** `shepherd serve` with these arguments and variables, once it logs server.ready (or how it exited). */
async function startServe(args: string[], env: Record<string, string>): Promise<ServeProcess> {
  serve = await launchServe([BIN, "serve", "--port", "0", "--host", "127.0.0.1", ...args], { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", ...env });
  return serve;
}

async function startGitHub(): Promise<{ github: FakeGitHub; app: InMemoryApp }> {
  const now = Date.now();
  github = await startFakeGitHub(
    [{ repository: "acme/api", issues: [{ issue: restIssue({ number: 1, title: "The printer on floor 3 jams", body: "Since Monday the printer jams on every page.", createdAt: now - 3_600_000 }, "acme/api") }] }],
    { viewer: user(BOT) },
  );
  const app = new InMemoryApp({ appId: APP_ID, slug: "shepherd-app", publicKey, now: () => Date.now(), installations: [{ id: INSTALLATION, account: { login: "acme", id: 9, type: "Organization" }, repositories: ["acme/api"] }] });
  app.setFile("acme/api", ".github/shepherd.yml", RULES);
  github.state.app = app;
  return { github, app };
}

const appEnv = (fake: FakeGitHub): Record<string, string> => ({
  GITHUB_APP_ID: String(APP_ID),
  GITHUB_APP_PRIVATE_KEY: privateKey,
  GITHUB_WEBHOOK_SECRET: APP_SECRET,
  GITHUB_API_URL: fake.url,
  GITHUB_GRAPHQL_URL: fake.graphqlUrl,
});

/** A recorded issues.opened payload of @octokit/webhooks-examples, moved to acme/api#1 and this installation. */
function issuesOpened(): string {
  const list = examples as unknown as { name: string; examples: Record<string, unknown>[] }[];
  const payload = structuredClone(list.find((e) => e.name === "issues")?.examples.find((p) => p.action === "opened")) as Record<string, unknown>;
  payload.installation = { id: INSTALLATION, node_id: "MDIz" };
  payload.repository = { ...(payload.repository as object), full_name: "acme/api", name: "api", owner: { login: "acme", type: "Organization" }, default_branch: "main" };
  payload.issue = { ...(payload.issue as object), number: 1 };
  payload.sender = { login: "reporter", type: "User" };
  return JSON.stringify(payload);
}

async function deliverGitHub(url: string, body: string, id: string): Promise<Response> {
  const signature = await new Webhooks({ secret: APP_SECRET }).sign(body);
  return fetch(`${url}/webhooks/github`, { method: "POST", headers: { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": id, "x-hub-signature-256": signature }, body });
}
const deliverJira = (url: string, delivery: Delivery): Promise<Response> => fetch(`${url}/webhooks/jira`, { method: "POST", headers: delivery.headers, body: delivery.body });

/** Resolve once the server has logged `count` finished runs. */
async function processed(server: ServeProcess, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (server.logs.filter((l) => l.event === "issue.processed").length < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} runs: ${JSON.stringify(server.logs.slice(-5))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const githubIssue = (fake: FakeGitHub) => fake.state.get("acme", "api", 1);
const githubComments = (fake: FakeGitHub) => (githubIssue(fake)?.comments ?? []).filter((c) => c.user?.login === BOT);
const jiraComments = (fake: FakeJira) => fake.issue("SUP-1").comments.filter((c) => c.author.accountId === USERS.bot.accountId);
const repositoryWrites = (fake: FakeGitHub) => fake.requests.filter((r) => r.write && !r.path.startsWith("/app/")).length;

describe("one shepherd serve for Jira and a GitHub App", () => {
  it("applies a Jira delivery and a GitHub App delivery from the same rule file, each once; redeliveries are duplicates", async () => {
    const dir = folder();
    const rules = join(dir, "shepherd.yml");
    writeFileSync(rules, RULES);
    jira = await startFakeJira({ issues: [supportIssue({ key: "SUP-1", id: "40001", created: Date.now() - 60_000, summary: "The printer on floor 3 jams", description: "Since Monday the printer jams on every page.", extraFields: {} })] });
    const { github: fake } = await startGitHub();
    const server = await startServe(["--rules", rules], {
      JIRA_WEBHOOK_SECRET: JIRA_SECRET,
      JIRA_BASE_URL: jira.url,
      JIRA_EMAIL: USERS.bot.emailAddress,
      JIRA_API_TOKEN: TOKEN,
      SHEPHERD_STORE: join(dir, "store.sqlite"),
      ...appEnv(fake),
    });
    const ready = server.logs.find((l) => l.event === "server.ready");
    expect(ready).toMatchObject({ jira: jira.url, githubApp: { installations: 1 }, durable: true });

    const jiraDelivery = signed(JIRA_SECRET, issueEvent(jira.state, "SUP-1", "jira:issue_created", { user: USERS.reporter }), "jira-d1");
    const githubBody = issuesOpened();
    const [fromJira, fromGitHub] = await Promise.all([deliverJira(server.url, jiraDelivery), deliverGitHub(server.url, githubBody, "gh-d1")]);
    expect(fromJira.status).toBe(202);
    expect(fromGitHub.status).toBe(202);
    await processed(server, 2);

    // The same rule file on both: its own rule and the preset's intake comment, as each tracker writes them.
    expect(jira.issue("SUP-1").fields.labels).toEqual(expect.arrayContaining(["hardware"]));
    expect(jiraComments(jira)).toHaveLength(1);
    expect((githubIssue(fake)?.issue.labels ?? []).map((l) => l.name)).toEqual(expect.arrayContaining(["hardware"]));
    expect(githubComments(fake)).toHaveLength(1);
    const jiraLabels = jira.issue("SUP-1").fields.labels;
    const writes = repositoryWrites(fake);

    // Redelivered by Jira and by GitHub (same ids): duplicates, nothing runs.
    const [again, againGitHub] = await Promise.all([deliverJira(server.url, jiraDelivery), deliverGitHub(server.url, githubBody, "gh-d1")]);
    expect([again.status, againGitHub.status]).toEqual([200, 200]);
    expect(await again.json()).toMatchObject({ status: "duplicate" });
    expect(await againGitHub.json()).toMatchObject({ status: "duplicate" });
    // A new delivery about the same issues runs them again, and the converged plans write nothing.
    const fresh = signed(JIRA_SECRET, issueEvent(jira.state, "SUP-1", "jira:issue_updated", { user: USERS.reporter }), "jira-d2");
    expect((await deliverJira(server.url, fresh)).status).toBe(202);
    expect((await deliverGitHub(server.url, githubBody, "gh-d2")).status).toBe(202);
    await processed(server, 4);
    expect(jiraComments(jira)).toHaveLength(1);
    expect(jira.issue("SUP-1").fields.labels).toEqual(jiraLabels);
    expect(githubComments(fake)).toHaveLength(1);
    expect(repositoryWrites(fake)).toBe(writes);
    expect(server.logs.filter((l) => l.event === "issue.processed").map((l) => l.issue)).toEqual(expect.arrayContaining(["SUP-1", "acme/api#1"]));

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it("serves the GitHub App alone: no JIRA_* and no --rules, and a Jira delivery is told it is not served", async () => {
    const { github: fake } = await startGitHub();
    const server = await startServe([], { SHEPHERD_STORE: ":memory:", ...appEnv(fake) });
    expect(server.logs.find((l) => l.event === "server.ready")).toMatchObject({ jira: null, githubApp: { installations: 1 } });
    expect((await deliverGitHub(server.url, issuesOpened(), "alone-1")).status).toBe(202);
    await processed(server, 1);
    expect((githubIssue(fake)?.issue.labels ?? []).map((l) => l.name)).toContain("hardware");
    const toJira = await fetch(`${server.url}/webhooks/jira`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(toJira.status).toBe(404);
    expect(((await toJira.json()) as { error: string }).error).toContain("JIRA_WEBHOOK_SECRET");
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("refuses to start with neither, naming both sets of variables (exit 2); Jira half-configured beside the App says what Jira lacks", async () => {
    const run = (env: Record<string, string>, args: string[] = []) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, "serve", "--port", "0", ...args], { env: { PATH: process.env.PATH ?? "", SHEPHERD_STORE: ":memory:", ...env }, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.once("close", (code) => resolve({ code, stderr }));
      });
    const neither = await run({});
    expect(neither.code).toBe(2);
    for (const name of ["JIRA_WEBHOOK_SECRET", "JIRA_BASE_URL", "JIRA_EMAIL", "JIRA_API_TOKEN", "GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_WEBHOOK_SECRET"]) expect(neither.stderr).toContain(name);
    const half = await run({ JIRA_WEBHOOK_SECRET: "s3cret", GITHUB_APP_ID: String(APP_ID) });
    expect(half.code).toBe(2);
    expect(half.stderr).toContain("JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN are not set");
    expect(half.stderr).toContain("to serve the GitHub App alone, unset JIRA_WEBHOOK_SECRET");
    const noRules = await run({ JIRA_WEBHOOK_SECRET: "s3cret", JIRA_BASE_URL: "https://acme.atlassian.net", JIRA_EMAIL: "bot@example.com", JIRA_API_TOKEN: "t" });
    expect(noRules.code).toBe(2);
    expect(noRules.stderr).toContain("missing --rules");
    for (const r of [neither, half, noRules]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
