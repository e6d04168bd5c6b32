/**
 * What the alert tests share: the recorded Alertmanager notifications, a webhook server taking
 * alerts (the real server, handler and queue, on a local port) against the local GitHub or Jira
 * fake, and posting to it.
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { readRulesText } from "../../src/config/read-rules.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import type { Tracker } from "../../src/core/tracker.ts";
import { openAlertServing } from "../../src/server/alert-serving.ts";
import { createWebhookServer, type WebhookServer } from "../../src/server/create-webhook-server.ts";
import type { DeliveryStore } from "../../src/server/delivery-store.ts";

export const ALERT_TOKEN = "alert-token-0123456789abcdef";

/** A recorded notification from test/fixtures/alertmanager, parsed. */
export function fixture(name: "firing" | "resolved"): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/alertmanager/${name}.json`, import.meta.url), "utf8")) as Record<string, unknown>;
}

/** The fixture's notification moved to another episode: its alert starting (and ending) later. */
export function episode(name: "firing" | "resolved", startsAt: string, endsAt?: string): Record<string, unknown> {
  const payload = fixture(name);
  const alerts = (payload.alerts as Record<string, unknown>[]).map((alert) => ({ ...alert, startsAt, ...(endsAt === undefined ? {} : { endsAt }) }));
  return { ...payload, alerts };
}

export function loadRules(text: string, now: number): Rules {
  const loaded = readRulesText("/virtual/shepherd.yml", text, now);
  if (loaded.rules === undefined) throw new Error(`rules: ${JSON.stringify(loaded.diagnostics)}`);
  return loaded.rules;
}

export interface AlertServer {
  server: WebhookServer;
  url: string;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startAlertServer(options: {
  rules: Rules;
  env: Record<string, string>;
  now: () => number;
  jira?: Tracker;
  store?: DeliveryStore;
  storePath?: string;
}): Promise<AlertServer> {
  const opened = openAlertServing({ env: { SHEPHERD_ALERT_TOKEN: ALERT_TOKEN, ...options.env }, rules: options.rules, jira: options.jira, storePath: options.storePath ?? ":memory:", now: options.now, pacing: false });
  if ("error" in opened) throw new Error(opened.error);
  const server = createWebhookServer({ secret: undefined, alerts: opened.serving, now: options.now, ...(options.store === undefined ? {} : { store: options.store }) });
  await new Promise<void>((resolve) => server.server.listen(0, "127.0.0.1", resolve));
  server.ready();
  const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return {
    server,
    url,
    async post(path, body, headers = {}) {
      const response = await fetch(`${url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${ALERT_TOKEN}`, ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
    },
    close: () => server.close({ timeoutMs: 5000 }),
  };
}
