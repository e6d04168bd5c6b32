/**
 * A server running as the GitHub App opens alert issues through the App's installation on the
 * repository (installation tokens from the local GitHub fake, which checks the App's JWT), as the
 * App's bot; a repository the App is not installed on opens nothing and says why in the log.
 */
import { generateKeyPairSync } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createGitHubAppClient } from "../../src/github/app-client.ts";
import { InMemoryApp } from "../../src/github/in-memory/app-state.ts";
import { openAlertServing } from "../../src/server/alert-serving.ts";
import { createWebhookServer, type WebhookServer } from "../../src/server/create-webhook-server.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { user } from "../fakes/github/make-issues.ts";
import { ALERT_TOKEN, fixture, loadRules } from "./alert-harness.ts";

const NOW = Date.parse("2026-03-02T09:02:00Z");
const APP_ID = 515152;
const BOT = "shepherd-app[bot]";
const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs1", format: "pem" } });

let github: FakeGitHub | undefined;
let webhook: WebhookServer | undefined;
afterEach(async () => {
  await webhook?.close({ timeoutMs: 5000 });
  await github?.close();
  webhook = github = undefined;
});

async function serve(repository: string): Promise<{ url: string; logs: { event: string; fields: Record<string, unknown> }[] }> {
  github = await startFakeGitHub([{ repository: "acme/ops", issues: [] }], { now: () => NOW, viewer: user(BOT) });
  github.state.app = new InMemoryApp({ appId: APP_ID, slug: "shepherd-app", publicKey, now: () => Date.now(), installations: [{ id: 99, account: { login: "acme", id: 9, type: "Organization" }, repositories: ["acme/ops"] }] });
  const client = createGitHubAppClient({ appId: APP_ID, privateKey, baseUrl: github.url, graphqlUrl: github.graphqlUrl, pacing: false });
  const rules = loadRules(`extends: support\nbot: { logins: ["${BOT}"] }\nalerts: { tracker: github, repository: ${repository} }\n`, NOW);
  const opened = openAlertServing({ env: { SHEPHERD_ALERT_TOKEN: ALERT_TOKEN }, rules, githubApp: client, storePath: ":memory:", now: () => NOW });
  if ("error" in opened) throw new Error(opened.error);
  const logs: { event: string; fields: Record<string, unknown> }[] = [];
  webhook = createWebhookServer({ secret: undefined, alerts: opened.serving, now: () => NOW, logger: { log: (_level, event, fields = {}) => void logs.push({ event, fields }) } });
  await new Promise<void>((resolve) => webhook!.server.listen(0, "127.0.0.1", resolve));
  webhook.ready();
  return { url: `http://127.0.0.1:${(webhook.server.address() as AddressInfo).port}`, logs };
}

const post = (url: string, body: unknown): Promise<Response> =>
  fetch(`${url}/webhooks/alertmanager`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ALERT_TOKEN}` }, body: JSON.stringify(body) });

describe("alerts through the GitHub App", () => {
  it("opens the issue through the installation, as the App's bot", async () => {
    const { url } = await serve("acme/ops");
    expect((await post(url, fixture("firing"))).status).toBe(202);
    await webhook!.idle();
    const entries = [...(github!.state.repo("acme", "ops")?.issues.entries() ?? [])].map(([, entry]) => entry);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.issue.user?.login).toBe(BOT);
    expect(github!.requests.some((request) => request.method === "POST" && /\/app\/installations\/99\/access_tokens$/.test(request.path))).toBe(true);
  });

  it("opens nothing where the App is not installed, and logs why", async () => {
    const { url, logs } = await serve("acme/elsewhere");
    expect((await post(url, fixture("firing"))).status).toBe(202);
    await webhook!.idle();
    expect([...(github!.state.repo("acme", "ops")?.issues.entries() ?? [])]).toHaveLength(0);
    expect(logs.find((line) => line.event === "alert.failed")?.fields.error).toMatch(/not installed on acme\/elsewhere/);
  });
});
