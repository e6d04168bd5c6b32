/**
 * `shepherd serve` stays responsive with crafted text: an issue whose description holds the
 * 60,000-space heading, lists nested 1,000 levels deep and a comment of 16,000 `<!--` is read
 * through the Jira adapter (fake Jira), evaluated and changed like any other, and the issue
 * delivered after it is served too; deliveries nested 100,000 levels deep or with a changelog of 10,000 items
 * are answered at once.
 */
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import { createJiraTracker } from "../../src/jira/create-jira-tracker.ts";
import { createWebhookServer, type WebhookServer } from "../../src/server/create-webhook-server.ts";
import { createJsonLogger } from "../../src/server/json-logger.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { supportIssue, USERS } from "../fakes/jira/seed.ts";
import { issueEvent, signed } from "../fakes/jira/webhook-payloads.ts";

const SECRET = "whsec-hostile-3kP9";
const TOKEN = "test-api-token";
const NOW = Date.parse("2026-03-10T09:00:00Z");
const loaded = readRules(fileURLToPath(new URL("../fakes/jira/rules.yml", import.meta.url)));
if (loaded.rules === undefined) throw new Error(JSON.stringify(loaded.diagnostics));
const RULES = loaded.rules;

const HEADING = `# x${" ".repeat(60_000)}y`;
const text = (t: string) => ({ type: "text", text: t });

/** A bullet list nested `depth` levels deep, with text at every level. */
function nestedList(depth: number): Record<string, unknown> {
  let node: Record<string, unknown> = { type: "paragraph", content: [text("innermost")] };
  for (let d = depth; d > 0; d--) node = { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [text(`level ${d}`)] }, node] }] };
  return node;
}

let fake: FakeJira | undefined;
let webhook: WebhookServer | undefined;
afterEach(async () => {
  await webhook?.close({ timeoutMs: 5000 });
  await fake?.close();
  fake = undefined;
  webhook = undefined;
});

describe("the Jira webhook server with crafted text", () => {
  it("evaluates the crafted issue and the next one, and answers meanwhile", async () => {
    const incomplete = { created: NOW - 120_000, summary: "Cannot export invoices", description: "The export does nothing.", extraFields: {} };
    fake = await startFakeJira({
      now: () => NOW,
      issues: [
        supportIssue({ key: "SUP-1", id: "10001", ...incomplete, comments: [{ id: "20001", author: USERS.reporter, text: "<!--".repeat(16_000), at: NOW - 60_000 }] }),
        supportIssue({ key: "SUP-2", id: "10002", ...incomplete }),
      ],
    });
    fake.issue("SUP-1").fields.description = { type: "doc", version: 1, content: [{ type: "paragraph", content: [text(HEADING)] }, nestedList(1_000)] };
    const tracker = createJiraTracker({ baseUrl: fake.url, email: USERS.bot.emailAddress, apiToken: TOKEN, sleep: () => Promise.resolve() });
    const logs: string[] = [];
    webhook = createWebhookServer({
      rules: RULES,
      tracker,
      secret: SECRET,
      now: () => NOW,
      logger: createJsonLogger({ write: (line) => logs.push(line), secrets: [SECRET, TOKEN], level: "info" }),
      botAccountIds: await tracker.ownAccountIds(),
    });
    await new Promise<void>((resolve) => webhook!.server.listen(0, "127.0.0.1", resolve));
    webhook.ready();
    const url = `http://127.0.0.1:${(webhook.server.address() as AddressInfo).port}`;
    const post = (body: string) => {
      const delivery = signed(SECRET, body);
      return fetch(`${url}/webhooks/jira`, { method: "POST", headers: delivery.headers, body: delivery.body });
    };
    const started = performance.now();

    const first = await post(JSON.stringify(issueEvent(fake.state, "SUP-1", "jira:issue_created", { user: USERS.reporter })));
    expect(first.status).toBe(202);
    // Deliveries that are themselves crafted: nested 100,000 levels deep, a changelog of 10,000 items.
    const deep = `{"webhookEvent":"jira:issue_updated","issue":{"key":"SUP-2"},"changelog":{"items":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`;
    expect((await post(deep)).status).toBe(202);
    const items = Array.from({ length: 10_000 }, (_, i) => ({ field: `customfield_${i}`, fieldId: `customfield_${i}` }));
    expect((await post(JSON.stringify({ ...issueEvent(fake.state, "SUP-2", "jira:issue_updated", { user: USERS.reporter }), changelog: { id: "1", items } }))).status).toBe(202);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await webhook.idle();

    expect(fake.issue("SUP-1").fields.labels).toContain("needs-info");
    expect(fake.issue("SUP-2").fields.labels).toContain("needs-info");
    const notices = (key: string) => fake!.issue(key).comments.filter((c) => c.author.accountId === USERS.bot.accountId);
    expect(notices("SUP-1")).toHaveLength(1);
    expect(notices("SUP-2")).toHaveLength(1);
    expect(fake.violations).toEqual([]);
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 60_000);
});
