/**
 * Fuzz: the Jira webhook server over real HTTP on 127.0.0.1, with the real processor and the
 * fake Jira site behind it. Random JSON, recorded payloads with wrong types at any path,
 * truncated JSON, deep nesting, non-JSON bytes and wrong content types, signed with the secret,
 * unsigned or badly signed: every answer is a JSON 2xx/4xx, never a 5xx, and processing what
 * was accepted ends without a bug.
 */
import { connect, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import { createJiraTracker } from "../../src/jira/create-jira-tracker.ts";
import { signBody } from "../../src/jira/webhook/verify-signature.ts";
import { createWebhookServer, type WebhookServer } from "../../src/server/create-webhook-server.ts";
import { createJsonLogger } from "../../src/server/json-logger.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import type { StoredComment } from "../fakes/jira/jira-state.ts";
import { supportIssue, USERS } from "../fakes/jira/seed.ts";
import { commentEvent, issueEvent } from "../fakes/jira/webhook-payloads.ts";
import { fuzzParameters, fuzzTimeout } from "./fuzz-settings.ts";
import { pathsOf, replaceAt } from "./mutate-yaml.ts";

const SECRET = "whsec-7Qp2vK9mZ4xR1tL8";
const NOW = Date.parse("2026-03-10T09:00:00Z");
const RULES_PATH = fileURLToPath(new URL("../fakes/jira/rules.yml", import.meta.url));

let fake: FakeJira;
let webhook: WebhookServer;
let url: string;
const logs: string[] = [];
let recorded: Record<string, unknown>[] = [];

beforeAll(async () => {
  const loaded = readRules(RULES_PATH);
  if (loaded.rules === undefined) throw new Error(JSON.stringify(loaded.diagnostics));
  fake = await startFakeJira({
    now: () => NOW,
    issues: [supportIssue({ key: "SUP-1", id: "10001", created: NOW - 3_600_000 }), supportIssue({ key: "SUP-2", id: "10002", created: NOW - 120_000, extraFields: {} })],
  });
  const tracker = createJiraTracker({ baseUrl: fake.url, email: USERS.bot.emailAddress, apiToken: "test-api-token", sleep: () => Promise.resolve() });
  webhook = createWebhookServer({
    rules: loaded.rules,
    tracker,
    secret: SECRET,
    now: () => NOW,
    logger: createJsonLogger({ write: (line) => logs.push(line), secrets: [SECRET], level: "info" }),
    botAccountIds: await tracker.ownAccountIds(),
    bodyLimit: 256 * 1024,
  });
  await new Promise<void>((resolve) => webhook.server.listen(0, "127.0.0.1", resolve));
  webhook.ready();
  url = `http://127.0.0.1:${(webhook.server.address() as AddressInfo).port}/webhooks/jira`;
  const comment: StoredComment = { id: "20001", author: USERS.reporter, created: NOW - 60_000, updated: NOW - 60_000, jsdPublic: true, body: { type: "doc", version: 1, content: [] }, properties: [] };
  recorded = [
    issueEvent(fake.state, "SUP-1", "jira:issue_created", { user: USERS.reporter }),
    issueEvent(fake.state, "SUP-2", "jira:issue_updated", { user: USERS.agent, items: [{ field: "labels", fieldId: "labels", from: null, fromString: "", to: null, toString: "needs-info" }] }),
    commentEvent(fake.state, "SUP-1", "comment_created", comment),
  ];
});

afterAll(async () => {
  await webhook.close({ timeoutMs: 5000 });
  await fake.close();
});

/** A value of another type (or a strange one of the same type) for any place in a payload. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 0, -1, 1.5, 1e308, true, "", "SUP-1", "sup-2", "SUP-0", "SUP-99999999999999999999", "10001", [], {}, [null], { key: "SUP-1" }),
  fc.string({ maxLength: 40 }),
  fc.anything({ maxDepth: 3, maxKeys: 4, withNullPrototype: false }),
);

/** Nesting deep enough to break a recursive reader, inside a payload that is otherwise right. */
const deep = fc.tuple(fc.integer({ min: 1000, max: 40_000 }), fc.constantFrom("[", '{"a":'), fc.constantFrom("webhookEvent", "issue", "user", "changelog", "comment")).map(([depth, open, at]) => {
  const close = open === "[" ? "]" : "}";
  const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
  return `{"webhookEvent":"jira:issue_updated","issue":{"key":"SUP-1"},"${at}":${nested}}`;
});

const bodies: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  // Recorded payloads with one to three places given a value of another type.
  {
    weight: 6,
    arbitrary: fc.tuple(fc.nat({ max: 2 }), fc.array(fc.tuple(fc.nat(), anyValue), { minLength: 1, maxLength: 3 })).map(([which, changes]) => {
      let value: unknown = recorded[which];
      for (const [pick, replacement] of changes) {
        const all = pathsOf(value);
        value = replaceAt(value, all[pick % all.length] ?? [], replacement);
      }
      return JSON.stringify(value) ?? "";
    }),
  },
  // Recorded payloads cut short.
  { weight: 2, arbitrary: fc.tuple(fc.nat({ max: 2 }), fc.nat()).map(([which, at]) => {
    const text = JSON.stringify(recorded[which]);
    return text.slice(0, at % text.length);
  }) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 1, arbitrary: deep },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 400 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom("", "\uFEFF{}", "null", "[]", "1e999", '"x"', "{\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"key\":\"SUP-1\"},\"__proto__\":{\"x\":1}}") },
);

const CONTENT_TYPES = [undefined, "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "*/*", "garbage"];

const deliveries = fc.record({
  body: bodies,
  signing: fc.constantFrom("signed", "signed", "signed", "unsigned", "wrong-secret", "garbage"),
  contentType: fc.constantFrom(...CONTENT_TYPES),
  id: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
});

describe("fuzz: Jira webhook deliveries", () => {
  it("every delivery gets a JSON answer below 500, and what was accepted is processed without a bug", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(deliveries, async ({ body, signing, contentType, id }) => {
        const bytes = typeof body === "string" ? Buffer.from(body) : Buffer.from(body);
        const headers: Record<string, string> = {};
        if (contentType !== undefined) headers["content-type"] = contentType;
        if (signing === "signed") headers["x-hub-signature"] = signBody(SECRET, bytes);
        if (signing === "wrong-secret") headers["x-hub-signature"] = signBody("another-secret", bytes);
        if (signing === "garbage") headers["x-hub-signature"] = "sha256=not-hex";
        // Header values must be visible ASCII: anything else is refused by fetch, not the server.
        if (id !== undefined && /^[\x21-\x7e]+$/.test(id)) headers["x-atlassian-webhook-identifier"] = id;
        const response = await fetch(url, { method: "POST", headers, body: bytes });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, text).toBeLessThan(500);
        expect(response.headers.get("content-type")).toBe("application/json");
        expect(() => JSON.parse(text) as unknown).not.toThrow();
        if (signing !== "signed") expect(response.status).toBe(401);
      }),
      fuzzParameters(150, 0x5e9d21),
    );
    await webhook.idle();
    const entries = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.filter((entry) => entry.kind === "bug" || entry.level === "error")).toEqual([]);
    // Some deliveries got through to processing, or the property tested only the front door.
    expect(statuses.get(202) ?? 0).toBeGreaterThan(5);
    expect(fake.violations).toEqual([]);
  }, fuzzTimeout(10_000));

  it("any method and path gets an answer below 500", async () => {
    const base = url.replace(/\/webhooks\/jira$/, "");
    const paths = fc.oneof(
      fc.constantFrom("/webhooks/jira", "/webhooks/jira?x=1", "/webhooks/jira/", "//webhooks/jira", "/webhooks/JIRA", "/healthz", "/metrics", "/", "/%00", "/webhooks/jira#x", "/..%2f..%2fetc/passwd"),
      fc.webPath(),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"), paths, fc.option(fc.string({ maxLength: 50 }), { nil: undefined }), async (method, path, body) => {
        const withBody = method !== "GET" && method !== "HEAD" && body !== undefined;
        const response = await fetch(`${base}${path.startsWith("/") ? path : `/${path}`}`, { method, ...(withBody ? { body } : {}) });
        await response.arrayBuffer();
        expect(response.status).toBeLessThan(500);
      }),
      fuzzParameters(60, 0x5e9d22),
    );
  }, fuzzTimeout(5_000));

  it("broken HTTP (a body cut short, bad chunks, clashing lengths) gets a 4xx or a closed connection, and the server goes on", async () => {
    const { port } = webhook.server.address() as AddressInfo;
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(port, "127.0.0.1", () => socket.end(text));
        let answer = "";
        socket.setEncoding("latin1").on("data", (chunk: string) => (answer += chunk));
        socket.on("close", () => resolve(answer));
        socket.on("error", () => resolve(answer));
        socket.setTimeout(3000, () => socket.destroy());
      });
    const head = "POST /webhooks/jira HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    const cases = fc.oneof(
      fc.nat({ max: 200 }).map((n) => `${head}Content-Length: ${n + 50}\r\n\r\n${"{".repeat(n % 50)}`),
      fc.constantFrom(
        `${head}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
        `${head}Transfer-Encoding: chunked\r\n\r\n5\r\n{}\r\n`,
        `${head}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
        `${head}Content-Length: -1\r\n\r\n{}`,
        `${head}Content-Length: 1e3\r\n\r\n{}`,
        `${head}X-Hub-Signature: ${"a".repeat(20_000)}\r\nContent-Length: 2\r\n\r\n{}`,
        "GARBAGE\r\n\r\n",
        "POST /webhooks/jira HTTP/9.9\r\n\r\n",
      ),
    );
    await fc.assert(
      fc.asyncProperty(cases, async (request) => {
        const answer = await raw(request);
        const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
        if (status !== undefined) expect(Number(status), answer.slice(0, 200)).toBeLessThan(500);
      }),
      fuzzParameters(30, 0x5e9d23),
    );
    const health = await fetch(url.replace(/\/webhooks\/jira$/, "/healthz"));
    expect(health.status).toBe(200);
  }, fuzzTimeout(10_000));
});
