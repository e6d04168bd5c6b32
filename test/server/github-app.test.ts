/**
 * The GitHub App mode of the webhook server, as GitHub meets it: recorded payloads of
 * @octokit/webhooks-examples, signed with the App's webhook secret, posted to /webhooks/github of
 * a real server whose App authenticates with a JWT (RS256, a key pair made here) and installation
 * tokens against the fake GitHub, which checks both.
 */
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhooks } from "@octokit/webhooks";
import examples from "@octokit/webhooks-examples/api.github.com/index.json" with { type: "json" };
import { afterEach, describe, expect, it } from "vitest";
import { readRules, readRulesText } from "../../src/config/read-rules.ts";
import { createGitHubAppClient } from "../../src/github/app-client.ts";
import { createAppRules } from "../../src/github/app-rules.ts";
import type { InMemoryApp } from "../../src/github/in-memory/app-state.ts";
import { createJiraTracker } from "../../src/jira/create-jira-tracker.ts";
import { createWebhookServer, type WebhookServer } from "../../src/server/create-webhook-server.ts";
import { openGitHubApp } from "../../src/server/github-app-mode.ts";
import { createJsonLogger } from "../../src/server/json-logger.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { APP_ID, APP_KEYS, BOT, createApp, generateAppKeys, NOW, ORG_RULES, OWN_RULES, printerIssue } from "../fakes/github/app-fixtures.ts";
import { user } from "../fakes/github/make-issues.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { USERS } from "../fakes/jira/seed.ts";
import { RULES as JIRA_RULES_PATH } from "./serve-process.ts";

const SECRET = "app-webhook-secret";
const OLD_SECRET = "the-secret-before-rotation";
const INSTALLATION = 31337;
const { privateKey } = APP_KEYS;

type Example = { name: string; examples: Record<string, unknown>[] };
const example = (name: string, action?: string): Record<string, unknown> => {
  const found = (examples as unknown as Example[]).find((e) => e.name === name)?.examples.find((p) => action === undefined || p.action === action);
  if (found === undefined) throw new Error(`no ${name}.${action ?? ""} example`);
  return structuredClone(found);
};

/** A recorded `issues.opened` payload, moved to this installation, repository and issue. */
function issuesOpened(repository: string, number: number): Record<string, unknown> {
  const payload = example("issues", "opened");
  const [owner = "", name = ""] = repository.split("/");
  payload.installation = { id: INSTALLATION, node_id: "MDIz" };
  payload.repository = { ...(payload.repository as object), full_name: repository, name, owner: { login: owner, type: "Organization" }, default_branch: "main" };
  payload.issue = { ...(payload.issue as object), number };
  payload.sender = { login: "reporter", type: "User" };
  return payload;
}

function pushed(repository: string, files: string[]): Record<string, unknown> {
  const payload = example("push");
  const [owner = "", name = ""] = repository.split("/");
  payload.installation = { id: INSTALLATION };
  payload.repository = { ...(payload.repository as object), full_name: repository, name, owner: { login: owner }, default_branch: "main" };
  payload.ref = "refs/heads/main";
  const commit = { id: "c1", added: [], removed: [], modified: files };
  payload.commits = [commit];
  payload.head_commit = commit;
  return payload;
}

interface Harness {
  github: FakeGitHub;
  app: InMemoryApp;
  jira: FakeJira;
  webhook: WebhookServer;
  url: string;
  logs: Record<string, unknown>[];
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.webhook.close({ timeoutMs: 5000 });
  await harness?.github.close();
  await harness?.jira.close();
  harness = undefined;
});

/**
 * The server and its fakes; with `opened`, the App is opened from the environment as
 * `shepherd serve` opens it (credentials checked, its bot login read at start).
 */
async function setup(secrets: string[] = [SECRET], { opened = false }: { opened?: boolean } = {}): Promise<Harness> {
  const github = await startFakeGitHub(
    [
      { repository: "acme/api", issues: [{ issue: printerIssue("acme/api", 1) }] },
      { repository: "acme/web", issues: [{ issue: printerIssue("acme/web", 7) }] },
      { repository: "acme/bare", issues: [{ issue: printerIssue("acme/bare", 2) }] },
    ],
    { now: () => NOW, viewer: user(BOT) },
  );
  const app = createApp([{ id: INSTALLATION, account: { login: "acme", id: 9, type: "Organization" }, repositories: ["acme/api", "acme/web", "acme/.github"] }]);
  app.setFile("acme/api", ".github/shepherd.yml", OWN_RULES);
  app.setFile("acme/.github", ".github/shepherd.yml", ORG_RULES);
  github.state.app = app;
  const jira = await startFakeJira({ now: () => NOW, issues: [] });
  const loaded = readRules(JIRA_RULES_PATH);
  if (loaded.rules === undefined) throw new Error("jira rules");
  const tracker = createJiraTracker({ baseUrl: jira.url, email: USERS.bot.emailAddress, apiToken: "test-api-token", sleep: () => Promise.resolve() });
  const logs: Record<string, unknown>[] = [];
  const logger = createJsonLogger({ write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>), secrets: [SECRET], level: "debug" });
  let githubApp: Parameters<typeof createWebhookServer>[0]["githubApp"];
  if (opened) {
    const env = { GITHUB_APP_ID: String(APP_ID), GITHUB_APP_PRIVATE_KEY: privateKey, GITHUB_WEBHOOK_SECRET: secrets.join(","), GITHUB_API_URL: github.url, GITHUB_GRAPHQL_URL: github.graphqlUrl };
    const opening = await openGitHubApp(env, logger, { now: () => NOW });
    if (!opening.ok) throw new Error(opening.error);
    githubApp = opening.app;
  } else {
    const client = createGitHubAppClient({ appId: APP_ID, privateKey, baseUrl: github.url, graphqlUrl: github.graphqlUrl, pacing: false, logger });
    githubApp = { secrets, client, rules: createAppRules({ client, load: (file, text) => readRulesText(file, text, NOW), logger, now: () => NOW }) };
  }
  const webhook = createWebhookServer({ rules: loaded.rules, tracker, secret: "jira-secret", now: () => NOW, logger, githubApp });
  await new Promise<void>((resolve) => webhook.server.listen(0, "127.0.0.1", resolve));
  webhook.ready();
  harness = { github, app, jira, webhook, url: `http://127.0.0.1:${(webhook.server.address() as AddressInfo).port}`, logs };
  return harness;
}

async function deliver(h: Harness, event: string, payload: unknown, options: { id?: string; secret?: string } = {}): Promise<Response> {
  const body = JSON.stringify(payload);
  const signature = await new Webhooks({ secret: options.secret ?? SECRET }).sign(body);
  return fetch(`${h.url}/webhooks/github`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": options.id ?? crypto.randomUUID(), "x-hub-signature-256": signature },
    body,
  });
}

const labelsOf = (h: Harness, repository: string, number: number): string[] => {
  const [owner = "", name = ""] = repository.split("/");
  return (h.github.state.get(owner, name, number)?.issue.labels ?? []).map((l) => l.name);
};
const commentsBy = (h: Harness, repository: string, number: number, login: string) => {
  const [owner = "", name = ""] = repository.split("/");
  return (h.github.state.get(owner, name, number)?.comments ?? []).filter((c) => c.user?.login === login);
};
/** Contract problems, except for the App paths the contract file does not describe (see app-routes.ts for their shapes). */
const violations = (h: Harness) => h.github.violations.filter((v) => !/^GET \/(app:|installation\/repositories|repos\/[^/]+\/[^/]+\/contents\/)/.test(v));

describe("GitHub App deliveries", () => {
  it("applies each repository's rules — its own, else the organisation's — exactly once across a redelivery", async () => {
    const h = await setup();
    const first = await deliver(h, "issues", issuesOpened("acme/api", 1), { id: "d-api" });
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ status: "accepted", work: "github-app:31337:acme/api#1" });
    expect((await deliver(h, "issues", issuesOpened("acme/web", 7), { id: "d-web" })).status).toBe(202);
    await h.webhook.idle();
    expect(labelsOf(h, "acme/api", 1)).toContain("hardware");
    expect(labelsOf(h, "acme/api", 1)).not.toContain("org-default");
    expect(labelsOf(h, "acme/web", 7)).toContain("org-default");
    expect(labelsOf(h, "acme/web", 7)).not.toContain("hardware");
    const comments = commentsBy(h, "acme/api", 1, BOT).length;
    expect(comments).toBeGreaterThan(0); // the support preset's intake comment, as the App's bot
    const writes = h.github.requests.filter((r) => r.write).length;

    // GitHub redelivers the same delivery: answered as a duplicate, nothing runs or is written again.
    const again = await deliver(h, "issues", issuesOpened("acme/api", 1), { id: "d-api" });
    expect(again.status).toBe(200);
    await h.webhook.idle();
    expect(commentsBy(h, "acme/api", 1, BOT)).toHaveLength(comments);
    expect(h.github.requests.filter((r) => r.write)).toHaveLength(writes);
    // One installation token served every request of the installation.
    expect(h.app.issued).toBe(1);
    expect(violations(h)).toEqual([]);
  });

  it("skips the App's own change from the very first delivery: its bot login is read at start", async () => {
    const h = await setup([SECRET], { opened: true });
    expect(h.github.requests.some((r) => r.method === "GET" && r.path === "/app")).toBe(true);
    const before = h.github.requests.length;
    // The first delivery this server sees is one the App's own comment caused (say, by a replica that ran before).
    const payload = example("issue_comment", "created");
    payload.installation = { id: INSTALLATION };
    payload.repository = { ...(payload.repository as object), full_name: "acme/api", name: "api", owner: { login: "acme", type: "Organization" }, default_branch: "main" };
    payload.issue = { ...(payload.issue as object), number: 1 };
    payload.sender = { login: BOT, type: "Bot" };
    const own = await deliver(h, "issue_comment", payload, { id: "own-1" });
    expect(own.status).toBe(202);
    expect(await own.json()).toMatchObject({ status: "ignored", reason: "own_change" });
    await h.webhook.idle();
    // Nothing ran: not a read of the issue, not a write.
    expect(h.github.requests.slice(before)).toEqual([]);
    expect(h.webhook.metrics.count("ignored", "own_change")).toBe(1);
    // Someone else's comment on the same issue is acted on as before.
    payload.sender = { login: "reporter", type: "User" };
    expect((await deliver(h, "issue_comment", payload, { id: "other-1" })).status).toBe(202);
    await h.webhook.idle();
    expect(labelsOf(h, "acme/api", 1)).toContain("hardware");
    expect(violations(h)).toEqual([]);
  });

  it("skips a repository without rules, logging it once", async () => {
    const h = await setup();
    h.app.installations.get(INSTALLATION)?.repositories.push("acme/bare");
    h.app.setFile("acme/.github", ".github/shepherd.yml", undefined);
    for (const id of ["b1", "b2"]) expect((await deliver(h, "issues", issuesOpened("acme/bare", 2), { id })).status).toBe(202);
    await h.webhook.idle();
    expect(labelsOf(h, "acme/bare", 2)).toEqual([]);
    expect(h.logs.filter((l) => l.event === "rules.none")).toHaveLength(1);
  });

  it("refuses a bad signature with 401 and accepts one made with a secret being rotated out", async () => {
    const h = await setup([SECRET, OLD_SECRET]);
    const bad = await deliver(h, "issues", issuesOpened("acme/api", 1), { secret: "not-the-secret" });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ reason: "bad_signature" });
    expect((await deliver(h, "issues", issuesOpened("acme/api", 1), { secret: OLD_SECRET })).status).toBe(202);
    await h.webhook.idle();
    expect(labelsOf(h, "acme/api", 1)).toContain("hardware");
  });

  it("answers 415 and 400 to what cannot be a delivery before its body is sent", async () => {
    const h = await setup();
    const { port } = new URL(h.url);
    /** Send the headers only, and promise a body that never comes: the answer must not wait for it. */
    const headersOnly = (headers: Record<string, string>) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpRequest({ host: "127.0.0.1", port, method: "POST", path: "/webhooks/github", headers: { "content-length": "5000", ...headers } }, (response) => {
          let body = "";
          response.on("data", (chunk: Buffer) => (body += chunk.toString()));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        });
        request.on("error", reject);
        request.flushHeaders();
      });
    const full = { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": "x", "x-hub-signature-256": "sha256=00" };
    expect((await headersOnly({ ...full, "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
    const missing = await headersOnly({ "content-type": "application/json", "x-github-event": "issues" });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain("X-GitHub-Delivery, X-Hub-Signature-256");
    expect((await headersOnly({ ...full, "content-length": String(10 * 1024 * 1024) })).status).toBe(413);
    const garbled = await fetch(`${h.url}/webhooks/github`, { method: "POST", headers: full, body: "{" });
    expect(garbled.status).toBe(401);
  });

  it("reads the rules again when a push to the default branch changes them", async () => {
    const h = await setup();
    await deliver(h, "issues", issuesOpened("acme/api", 1));
    await h.webhook.idle();
    expect(labelsOf(h, "acme/api", 1)).toContain("hardware");
    h.app.setFile("acme/api", ".github/shepherd.yml", OWN_RULES.replace("label: hardware", "label: printers-team"));
    // A push elsewhere changes nothing; one that touches the rule file refreshes them.
    expect(await (await deliver(h, "push", pushed("acme/api", ["README.md"]))).json()).toMatchObject({ status: "ignored" });
    expect((await deliver(h, "push", pushed("acme/api", [".github/shepherd.yml"]))).status).toBe(202);
    await h.webhook.idle();
    await deliver(h, "issues", issuesOpened("acme/api", 1));
    await h.webhook.idle();
    expect(labelsOf(h, "acme/api", 1)).toContain("printers-team");
  });

  it("logs a rule file with errors at its line and column, and skips only its repository", async () => {
    const h = await setup();
    h.app.setFile("acme/api", ".github/shepherd.yml", "extends: support\nsla:\n  nonsense: 3\n");
    await deliver(h, "issues", issuesOpened("acme/api", 1));
    await deliver(h, "issues", issuesOpened("acme/web", 7));
    await h.webhook.idle();
    const invalid = h.logs.find((l) => l.event === "rules.invalid");
    expect(invalid?.diagnostics).toEqual([expect.stringMatching(/^acme\/api:\.github\/shepherd\.yml:3:3: /)]);
    expect(labelsOf(h, "acme/api", 1)).toEqual([]);
    expect(labelsOf(h, "acme/web", 7)).toContain("org-default");
  });

  it("refuses a JWT signed with another key, and a token outside its installation", async () => {
    const h = await setup();
    const other = generateAppKeys();
    const stranger = createGitHubAppClient({ appId: APP_ID, privateKey: other.privateKey, baseUrl: h.github.url, pacing: false });
    await expect(stranger.installations()).rejects.toMatchObject({ kind: "auth" });
    const client = createGitHubAppClient({ appId: APP_ID, privateKey, baseUrl: h.github.url, graphqlUrl: h.github.graphqlUrl, pacing: false });
    expect(await client.readFile(INSTALLATION, "acme/api", ".github/shepherd.yml")).toBe(OWN_RULES);
    // acme/bare is not granted to the installation: GitHub answers 404, read as no file.
    h.app.setFile("acme/bare", ".github/shepherd.yml", OWN_RULES);
    expect(await client.readFile(INSTALLATION, "acme/bare", ".github/shepherd.yml")).toBeUndefined();
  });
});
