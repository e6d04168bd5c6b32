/**
 * The server's log lines keep their own `time`, `level` and `event`: found by the webhook fuzz
 * suite, where a delivery's Jira event (`jira:issue_created`) replaced the log event
 * `delivery.accepted`, so nobody searching the logs for accepted deliveries found any.
 */
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { signed } from "../fakes/jira/webhook-payloads.ts";
import { createWebhookServer } from "../../src/server/create-webhook-server.ts";
import { createJsonLogger } from "../../src/server/json-logger.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import type { Tracker } from "../../src/core/tracker.ts";

describe("JSON log lines", () => {
  it("a field named like a line's own keys does not replace them", () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (line) => lines.push(line), now: () => 0 });
    logger.log("info", "delivery.accepted", { event: "jira:issue_created", level: "debug", time: "never", issue: "SUP-1" });
    expect(JSON.parse(lines[0] as string)).toMatchObject({ time: "1970-01-01T00:00:00.000Z", level: "info", event: "delivery.accepted", issue: "SUP-1" });
  });

  it("an accepted delivery is logged as delivery.accepted, with the Jira event beside it", async () => {
    const lines: string[] = [];
    const secret = "whsec-7Qp2vK9mZ4xR1tL8";
    const webhook = createWebhookServer({
      rules: {} as Rules,
      tracker: {} as Tracker,
      secret,
      logger: createJsonLogger({ write: (line) => lines.push(line) }),
      process: () => Promise.resolve(undefined),
    });
    await new Promise<void>((resolve) => webhook.server.listen(0, "127.0.0.1", resolve));
    try {
      const delivery = signed(secret, { webhookEvent: "jira:issue_created", issue: { key: "SUP-1" } });
      const url = `http://127.0.0.1:${(webhook.server.address() as AddressInfo).port}/webhooks/jira`;
      expect((await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body })).status).toBe(202);
      const ignored = signed(secret, { webhookEvent: "project_created" });
      expect((await fetch(url, { method: "POST", headers: ignored.headers, body: ignored.body })).status).toBe(202);
      await webhook.idle();
    } finally {
      await webhook.close({ timeoutMs: 1000 });
    }
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.find((entry) => entry.event === "delivery.accepted")).toMatchObject({ webhookEvent: "jira:issue_created", issue: "SUP-1" });
    expect(entries.find((entry) => entry.event === "delivery.ignored")).toMatchObject({ webhookEvent: "project_created", reason: "unsupported_event" });
  });
});
