import { type AddressInfo, connect, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { createJiraTracker } from "../../src/jira/create-jira-tracker.ts";
import { signBody } from "../../src/jira/webhook/verify-signature.ts";
import { createWebhookServer, MissingSecretError, type WebhookServer } from "../../src/server/create-webhook-server.ts";
import type { DeliveryStore } from "../../src/server/delivery-store.ts";
import type { RunOutcome } from "../../src/server/issue-queue.ts";
import { createMemoryDeliveryStore } from "../../src/server/memory-delivery-store.ts";
import { createJsonLogger } from "../../src/server/json-logger.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { adf, COMPLETE_INTAKE, type SeedIssue, supportIssue, USERS } from "../fakes/jira/seed.ts";
import { commentEvent, type Delivery, issueEvent, signed } from "../fakes/jira/webhook-payloads.ts";

const SECRET = "whsec-7Qp2vK9mZ4xR1tL8";
const TOKEN = "test-api-token";
const NOW = Date.parse("2026-03-10T09:00:00Z");
const RULES_PATH = fileURLToPath(new URL("../fakes/jira/rules.yml", import.meta.url));

function loadRules(): Rules {
  const loaded = readRules(RULES_PATH);
  if (loaded.rules === undefined) throw new Error(JSON.stringify(loaded.diagnostics));
  return loaded.rules;
}
const RULES = loadRules();

/** A report filed two minutes ago that lacks impact, start time, steps and environment. */
const incomplete = (key: string, id: string): SeedIssue =>
  supportIssue({ key, id, created: NOW - 120_000, summary: "Cannot export invoices", description: "The export button does nothing since this morning.", extraFields: {} });

interface Harness {
  fake: FakeJira;
  webhook: WebhookServer;
  url: string;
  logs: string[];
  post(delivery: Delivery | { body: string | Uint8Array; headers: Record<string, string> }): Promise<Response>;
  events(name: string): Record<string, unknown>[];
}

let harness: Harness | undefined;

afterEach(async () => {
  if (harness === undefined) return;
  await harness.webhook.close({ timeoutMs: 5000 });
  await harness.fake.close();
  expect(harness.fake.violations).toEqual([]);
  const all = harness.logs.join("");
  expect(all).not.toContain(SECRET);
  expect(all).not.toContain(TOKEN);
  expect(all).not.toContain(Buffer.from(`${USERS.bot.emailAddress}:${TOKEN}`).toString("base64"));
  harness = undefined;
});

async function setup(
  options: { issues?: SeedIssue[]; queueLimit?: number; bodyLimit?: number; concurrency?: number; maxConnections?: number; process?: (issue: string) => Promise<RunOutcome>; store?: DeliveryStore } = {},
): Promise<Harness> {
  const fake = await startFakeJira({ now: () => NOW, issues: options.issues ?? [] });
  const tracker = createJiraTracker({ baseUrl: fake.url, email: USERS.bot.emailAddress, apiToken: TOKEN, sleep: () => Promise.resolve() });
  const logs: string[] = [];
  const webhook = createWebhookServer({
    rules: RULES,
    tracker,
    secret: SECRET,
    now: () => NOW,
    logger: createJsonLogger({ write: (line) => logs.push(line), secrets: [SECRET, TOKEN], level: "debug" }),
    botAccountIds: await tracker.ownAccountIds(),
    ...(options.queueLimit === undefined ? {} : { queueLimit: options.queueLimit }),
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    ...(options.process === undefined ? {} : { process: options.process }),
    ...(options.store === undefined ? {} : { store: options.store }),
  });
  await new Promise<void>((resolve) => webhook.server.listen(0, "127.0.0.1", resolve));
  webhook.ready();
  const url = `http://127.0.0.1:${(webhook.server.address() as AddressInfo).port}`;
  harness = {
    fake,
    webhook,
    url,
    logs,
    post: (delivery) => fetch(`${url}/webhooks/jira`, { method: "POST", headers: delivery.headers, body: delivery.body }),
    events: (name) => logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.event === name),
  };
  return harness;
}

const send = (h: Harness, payload: unknown, id?: string) => h.post(signed(SECRET, payload, id));
const botComments = (h: Harness, key: string) => h.fake.issue(key).comments.filter((comment) => comment.author.accountId === USERS.bot.accountId);

/** A processor the test releases by hand, to hold the queue in a known state. */
function heldProcessor() {
  const started: string[] = [];
  const waiting: (() => void)[] = [];
  return {
    started,
    process: (issue: string): Promise<RunOutcome> => {
      started.push(issue);
      return new Promise((resolve) => waiting.push(() => resolve(undefined)));
    },
    releaseAll: () => {
      for (const release of waiting.splice(0)) release();
    },
  };
}

describe("deliveries from Jira", () => {
  it("a new issue: 202 at once, then the issue is re-read, evaluated and changed", async () => {
    const h = await setup({ issues: [incomplete("SUP-1", "10001")] });
    const response = await send(h, issueEvent(h.fake.state, "SUP-1", "jira:issue_created", { user: USERS.reporter }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "accepted", issue: "SUP-1" });
    await h.webhook.idle();
    expect(h.fake.issue("SUP-1").fields.labels).toEqual(["needs-info"]);
    const notices = botComments(h, "SUP-1");
    expect(notices).toHaveLength(1);
    expect(JSON.stringify(notices[0]?.body)).toContain("Steps to reproduce");
    expect(h.fake.issue("SUP-1").properties.get("issue-shepherd")).toEqual({ comments: { [String(notices[0]?.id)]: "intake/missing" } });
    expect(h.events("issue.processed")).toMatchObject([{ issue: "SUP-1", operations: ["add-labels", "comment"], failed: [] }]);
  });

  it("an issue update with its changelog: the intake comment is edited in place and the label comes off", async () => {
    const h = await setup({ issues: [incomplete("SUP-2", "10002")] });
    await send(h, issueEvent(h.fake.state, "SUP-2", "jira:issue_created", { user: USERS.reporter }));
    await h.webhook.idle();
    const stored = h.fake.issue("SUP-2");
    Object.assign(stored.fields, COMPLETE_INTAKE);
    const items = ["customfield_10051", "customfield_10052", "customfield_10053", "environment"].map((fieldId) => ({ field: fieldId, fieldtype: "custom", fieldId, from: null, fromString: null, to: null, toString: "set" }));
    const response = await send(h, issueEvent(h.fake.state, "SUP-2", "jira:issue_updated", { user: USERS.reporter, items }));
    expect(response.status).toBe(202);
    await h.webhook.idle();
    expect(stored.fields.labels).toEqual([]);
    const notices = botComments(h, "SUP-2");
    expect(notices).toHaveLength(1);
    expect(JSON.stringify(notices[0]?.body)).not.toContain("Steps to reproduce");
    expect(h.fake.writes().filter((request) => request.operationId === "updateComment")).toHaveLength(1);
  });

  it("the same comment as comment_created and as issue_commented makes one evaluation's worth of changes", async () => {
    const h = await setup({ issues: [incomplete("SUP-3", "10003")] });
    const comment = h.fake.state.addComment(h.fake.issue("SUP-3"), adf("It still fails, any news?"), [], USERS.reporter);
    const responses = await Promise.all([
      send(h, commentEvent(h.fake.state, "SUP-3", "comment_created", comment)),
      send(h, issueEvent(h.fake.state, "SUP-3", "jira:issue_updated", { user: USERS.reporter, type: "issue_commented", comment })),
    ]);
    expect(responses.map((response) => response.status)).toEqual([202, 202]);
    await h.webhook.idle();
    // One evaluation: the label, the notice and its ledger entry. A second run, if any, wrote nothing.
    expect(h.fake.writes().map((request) => request.operationId)).toEqual(["editIssue", "addComment", "setIssueProperty"]);
    expect(botComments(h, "SUP-3")).toHaveLength(1);
    const runs = h.events("issue.processed");
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.slice(1).every((run) => Array.isArray(run.operations) && run.operations.length === 0)).toBe(true);
  });

  it("a retry with the same identifier is answered as a duplicate and not processed again", async () => {
    const h = await setup({ issues: [incomplete("SUP-4", "10004")] });
    const delivery = signed(SECRET, issueEvent(h.fake.state, "SUP-4", "jira:issue_created", { user: USERS.reporter }));
    expect((await h.post(delivery)).status).toBe(202);
    await h.webhook.idle();
    const retry = await h.post({ ...delivery, headers: { ...delivery.headers, "x-atlassian-webhook-retry": "1" } });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ status: "duplicate" });
    await h.webhook.idle();
    expect(h.events("issue.processed")).toHaveLength(1);
    expect(h.webhook.metrics.count("ignored", "duplicate")).toBe(1);
  });

  it("deliveries out of order: what is acted on is the issue as it is now, not as a payload says", async () => {
    const h = await setup({ issues: [incomplete("SUP-5", "10005")] });
    const created = issueEvent(h.fake.state, "SUP-5", "jira:issue_created", { user: USERS.reporter, timestamp: NOW - 120_000 });
    // Before either delivery arrives, the reporter completes the form and comments.
    Object.assign(h.fake.issue("SUP-5").fields, COMPLETE_INTAKE);
    const comment = h.fake.state.addComment(h.fake.issue("SUP-5"), adf("Added the details."), [], USERS.reporter);
    const updated = issueEvent(h.fake.state, "SUP-5", "jira:issue_updated", { user: USERS.reporter, timestamp: NOW - 60_000 });
    expect((await send(h, commentEvent(h.fake.state, "SUP-5", "comment_updated", comment, NOW - 30_000))).status).toBe(202);
    expect((await send(h, updated)).status).toBe(202);
    expect((await send(h, created)).status).toBe(202);
    await h.webhook.idle();
    // The stale "created" payload (an incomplete issue) never leads to a needs-info notice.
    expect(h.fake.issue("SUP-5").fields.labels).not.toContain("needs-info");
    expect(botComments(h, "SUP-5")).toHaveLength(0);
  });

  it("ignores changes made by its own account", async () => {
    const h = await setup({ issues: [incomplete("SUP-6", "10006")] });
    const before = h.fake.requests.length;
    const items = [{ field: "labels", fieldtype: "jira", fieldId: "labels", from: null, fromString: "", to: null, toString: "needs-info" }];
    const own = await send(h, issueEvent(h.fake.state, "SUP-6", "jira:issue_updated", { user: USERS.bot, items }));
    expect(own.status).toBe(202);
    expect(await own.json()).toEqual({ status: "ignored", reason: "own_change" });
    const ownComment = h.fake.state.addComment(h.fake.issue("SUP-6"), adf("notice"), [], USERS.bot);
    expect((await send(h, commentEvent(h.fake.state, "SUP-6", "comment_created", ownComment))).status).toBe(202);
    await h.webhook.idle();
    expect(h.fake.requests.length).toBe(before);
    expect(h.webhook.metrics.count("ignored", "own_change")).toBe(2);
  });

  it("answers 202 for events it does not act on", async () => {
    const h = await setup();
    const response = await send(h, { webhookEvent: "project_created", timestamp: NOW, project: { key: "NEW" } });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "ignored", reason: "unsupported_event" });
  });
});

describe("bad input", () => {
  const same = (body: string): string => body;
  it.each<[string, (body: string) => Record<string, string>, (body: string) => string]>([
    ["no signature", () => ({ "content-type": "application/json" }), same],
    ["a signature made with another secret", (body) => ({ "x-hub-signature": signBody("not-the-secret", body) }), same],
    ["a body changed after signing", (body) => ({ "x-hub-signature": signBody(SECRET, body) }), (body) => body.replace("SUP-7", "SUP-8")],
    ["a sha1 signature", () => ({ "x-hub-signature": `sha1=${"0".repeat(40)}` }), same],
  ])("401 for %s, before anything is parsed or fetched", async (_name, headers, tamper) => {
    const h = await setup({ issues: [incomplete("SUP-7", "10007")] });
    const before = h.fake.requests.length;
    const body = JSON.stringify(issueEvent(h.fake.state, "SUP-7", "jira:issue_created", { user: USERS.reporter }));
    const response = await h.post({ body: tamper(body), headers: headers(body) });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ reason: "bad_signature" });
    await h.webhook.idle();
    expect(h.fake.requests.length).toBe(before);
  });

  it("400 with a JSON error for malformed JSON and for payloads without an issue", async () => {
    const h = await setup();
    for (const body of ["{\"webhookEvent\": ", "null", "[]", JSON.stringify({ webhookEvent: "jira:issue_updated" })]) {
      const response = await h.post(signed(SECRET, body));
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(await response.json()).toMatchObject({ reason: "malformed" });
    }
  });

  it("never answers 500, whatever signed bytes arrive", async () => {
    const h = await setup({ process: () => Promise.resolve(undefined) });
    const payloads = fc.oneof(
      fc.string(),
      fc.json(),
      fc.uint8Array({ maxLength: 300 }),
      fc.record({ webhookEvent: fc.constantFrom("jira:issue_updated", "comment_created", "x"), issue: fc.anything(), user: fc.anything(), comment: fc.anything() }).map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(payloads, async (payload) => {
        const body = typeof payload === "string" ? payload : Buffer.from(payload);
        const response = await h.post({ body, headers: { "x-hub-signature": signBody(SECRET, body) } });
        await response.arrayBuffer();
        return [202, 400].includes(response.status);
      }),
      { numRuns: 150 },
    );
  });

  it("413 for a body over the limit, declared or streamed", async () => {
    const h = await setup({ bodyLimit: 1024 });
    const big = JSON.stringify({ webhookEvent: "jira:issue_updated", issue: { key: "SUP-1" }, padding: "x".repeat(4000) });
    const declared = await h.post(signed(SECRET, big));
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ reason: "too_large" });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode("y".repeat(512)));
        controller.close();
      },
    });
    const streamed = await fetch(`${h.url}/webhooks/jira`, { method: "POST", body: stream, headers: { "x-hub-signature": "sha256=00" }, duplex: "half" });
    expect(streamed.status).toBe(413);
    expect(h.webhook.metrics.count("rejected", "too_large")).toBe(2);
  });
});

describe("load and lifecycle", () => {
  it("connections past the bound are closed at once, so a flood holds no more than that many deliveries; the rest are served", async () => {
    const h = await setup({ maxConnections: 3 });
    const { port } = new URL(h.url);
    // Three idle keep-alive connections take every place; a fourth is closed before it is read.
    const open = await Promise.all(Array.from({ length: 3 }, () => new Promise<Socket>((resolve) => { const socket = connect(Number(port), "127.0.0.1", () => resolve(socket)); })));
    const fourth = connect(Number(port), "127.0.0.1");
    const answer = await new Promise<string>((resolve) => {
      let text = "";
      fourth.on("data", (chunk: Buffer) => (text += chunk.toString()));
      fourth.on("close", () => resolve(text));
      fourth.on("connect", () => fourth.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
      fourth.on("error", () => undefined);
    });
    expect(answer).toBe("");
    for (const socket of open) socket.destroy();
    // Once they are gone, the server answers again.
    let status = 0;
    for (let tries = 0; tries < 50 && status !== 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = await fetch(`${h.url}/healthz`).then((response) => response.status, () => 0);
    }
    expect(status).toBe(200);
  });

  it("a flood past the queue bound gets 503 with Retry-After, and Jira's retry is accepted later", async () => {
    const held = heldProcessor();
    const h = await setup({ queueLimit: 2, concurrency: 1, process: held.process });
    const deliveries = ["SUP-10", "SUP-11", "SUP-12"].map((key) => signed(SECRET, { webhookEvent: "jira:issue_updated", issue: { key }, user: USERS.reporter }));
    const statuses = [];
    for (const delivery of deliveries) statuses.push((await h.post(delivery)).status);
    expect(statuses).toEqual([202, 202, 202]); // one running, two waiting
    const overflow = signed(SECRET, { webhookEvent: "jira:issue_updated", issue: { key: "SUP-13" }, user: USERS.reporter });
    const refused = await h.post(overflow);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("10");
    expect(await refused.json()).toMatchObject({ reason: "queue_full" });
    // A delivery for an issue already waiting still folds in.
    expect((await h.post(signed(SECRET, { webhookEvent: "comment_created", issue: { key: "SUP-11" }, comment: { id: "1" } }))).status).toBe(202);
    held.releaseAll();
    await new Promise((resolve) => setTimeout(resolve, 10));
    held.releaseAll();
    const retried = await h.post({ ...overflow, headers: { ...overflow.headers, "x-atlassian-webhook-retry": "1" } });
    expect(retried.status).toBe(202);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toContain('shepherd_webhook_deliveries_total{result="rejected",reason="queue_full"} 1');
    expect(metrics).toMatch(/shepherd_queue_limit 2/);
    const drained = h.webhook.idle();
    const release = setInterval(() => held.releaseAll(), 5);
    await drained;
    clearInterval(release);
    expect(new Set(held.started)).toEqual(new Set(["SUP-10", "SUP-11", "SUP-12", "SUP-13"]));
  });

  it("shuts down gracefully: stops accepting, finishes every queued issue, then closes", async () => {
    const processed: string[] = [];
    const h = await setup({
      concurrency: 1,
      process: async (issue) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        processed.push(issue);
        return undefined;
      },
    });
    for (const key of ["SUP-20", "SUP-21", "SUP-22"]) {
      expect((await send(h, { webhookEvent: "jira:issue_updated", issue: { key }, user: USERS.reporter })).status).toBe(202);
    }
    const closing = h.webhook.close();
    const late = await send(h, { webhookEvent: "jira:issue_updated", issue: { key: "SUP-23" }, user: USERS.reporter }).then(
      (response) => response.status,
      () => "refused",
    );
    expect([503, "refused"]).toContain(late);
    await closing;
    expect(processed).toEqual(["SUP-20", "SUP-21", "SUP-22"]);
    expect(h.webhook.server.listening).toBe(false);
    expect(h.events("server.stopped")).toMatchObject([{ drained: true }]);
  });

  it("a delivery the store cannot write gets 503 with Retry-After, is not queued, and its retry is taken once the store writes again", async () => {
    const memory = createMemoryDeliveryStore();
    let failing = true;
    const store: DeliveryStore = { ...memory, record: (delivery) => (failing ? Promise.reject(new Error("disk I/O error")) : memory.record(delivery)) };
    const held = heldProcessor();
    const h = await setup({ store, process: held.process });
    const delivery = signed(SECRET, { webhookEvent: "jira:issue_updated", issue: { key: "SUP-30" }, user: USERS.reporter });
    const refused = await h.post(delivery);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("10");
    expect(await refused.json()).toEqual({ error: "the delivery could not be stored; retry later", reason: "store_failed" });
    expect(held.started).toEqual([]);
    expect(h.events("store.write_failed")).toMatchObject([{ issue: "SUP-30", error: "disk I/O error" }]);
    failing = false;
    expect((await h.post(delivery)).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(held.started).toEqual(["SUP-30"]);
    held.releaseAll();
  });

  it("a store that knows a delivery id at once is not waited on for it; one that does not know yet is asked", async () => {
    const memory = createMemoryDeliveryStore();
    const asked: string[] = [];
    const recorded = new Set<string>();
    const store: DeliveryStore = {
      ...memory,
      // "slow-" ids stand for ids a commit in flight holds: the store cannot tell at once.
      seenNow: (id) => (id.startsWith("slow-") ? undefined : recorded.has(id)),
      seen: (id) => {
        asked.push(id);
        return memory.seen(id);
      },
      record: (delivery) => {
        if (delivery.id !== undefined) recorded.add(delivery.id);
        return memory.record(delivery);
      },
    };
    const held = heldProcessor();
    const h = await setup({ store, process: held.process });
    const payload = { webhookEvent: "jira:issue_updated", issue: { key: "SUP-31" }, user: USERS.reporter };
    for (const id of ["fast-1", "slow-1"]) {
      expect((await send(h, payload, id)).status).toBe(202);
      const again = await send(h, payload, id);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ status: "duplicate" });
    }
    expect(asked).toEqual(["slow-1", "slow-1"]);
    held.releaseAll();
  });

  it("health and metrics", async () => {
    const h = await setup();
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    await send(h, "{broken");
    await h.post({ body: "{}", headers: {} });
    const response = await fetch(`${h.url}/metrics`);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0.0.4/);
    const text = await response.text();
    expect(text).toContain('shepherd_webhook_deliveries_total{result="rejected",reason="malformed"} 1');
    expect(text).toContain('shepherd_webhook_deliveries_total{result="rejected",reason="bad_signature"} 1');
    expect(text).toMatch(/shepherd_webhook_accept_seconds_count 2/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
    // prom-client's default process metrics, and the time of each step of answering.
    expect(text).toMatch(/nodejs_eventloop_lag_seconds [\d.e-]+/);
    expect(text).toMatch(/shepherd_webhook_stage_seconds_count\{stage="verify"\} 2/);
    expect(text).toMatch(/shepherd_webhook_stage_seconds_count\{stage="parse"\} 1/);
    expect(text).toContain('shepherd_operations_total{result="applied"} 0');
    expect((await fetch(`${h.url}/webhooks/jira`)).status).toBe(405);
    expect((await fetch(`${h.url}/nope`)).status).toBe(404);
  });

  it("answers /healthz 503 until ready", async () => {
    const fake = await startFakeJira();
    const webhook = createWebhookServer({ rules: RULES, tracker: createJiraTracker({ baseUrl: fake.url, email: "e", apiToken: "t" }), secret: SECRET });
    await new Promise<void>((resolve) => webhook.server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(webhook.server.address() as AddressInfo).port}/healthz`;
    expect((await fetch(url)).status).toBe(503);
    webhook.ready();
    expect((await fetch(url)).status).toBe(200);
    await webhook.close();
    await fake.close();
  });

  it("refuses to start without a secret", () => {
    const tracker = createJiraTracker({ baseUrl: "http://127.0.0.1:9", email: "e", apiToken: "t" });
    for (const secret of [undefined, "", "  "]) {
      expect(() => createWebhookServer({ rules: RULES, tracker, secret })).toThrow(MissingSecretError);
    }
    expect(() => createWebhookServer({ rules: RULES, tracker, secret: undefined })).toThrow(/JIRA_WEBHOOK_SECRET is not set/);
  });
});
