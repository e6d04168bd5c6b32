/**
 * The alert routes of `shepherd serve`: POST /webhooks/alertmanager (Alertmanager's webhook
 * payload, version 4) and POST /webhooks/alerts (the plain JSON alert of other monitors). What
 * cannot be an alert is refused before its body is parsed: 401 without the credentials, 415 for a
 * body that is not JSON, 413 past the body limit; then 400 with every problem of the payload. An
 * accepted delivery is folded into its group's stored state and recorded as the group's pending
 * work (keyed by the group's identity, so that the queue runs one group at a time), and only then
 * answered 202: Alertmanager retries anything else.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { identityKey, identityText } from "../core/alerts/plan-alert.ts";
import { readAlertmanager, type ReadResult } from "../core/alerts/read-alertmanager.ts";
import { readPlainAlert } from "../core/alerts/read-plain-alert.ts";
import type { AlertsRule } from "../core/alerts/alerts-rule.ts";
import type { Logger } from "../core/logger.ts";
import type { Rules } from "../core/rules/rules.ts";
import { type AlertAuth, alertAuthorized, alertChallenge } from "./alert-auth.ts";
import { type AlertStore, alertWorkKey } from "./alert-store.ts";
import type { DeliveryStore } from "./delivery-store.ts";
import type { PushResult } from "./issue-queue.ts";
import type { Metrics } from "./metrics.ts";
import { readBody } from "./read-body.ts";

export const ALERTMANAGER_PATH = "/webhooks/alertmanager";
export const PLAIN_ALERTS_PATH = "/webhooks/alerts";

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Most problems of a refused payload told in the answer. */
export const MAX_PROBLEMS = 50;

export interface AlertHandlerOptions {
  auth: AlertAuth;
  rule: AlertsRule;
  rules: Rules;
  bodyLimit: number;
  alerts: AlertStore;
  store: DeliveryStore;
  enqueue: (work: string) => PushResult;
  metrics: Metrics;
  logger: Logger;
  now: () => number;
  retryAfterSeconds: number;
  isClosing: () => boolean;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}

/** Is this one of the alert routes? */
export const isAlertPath = (path: string): boolean => path === ALERTMANAGER_PATH || path === PLAIN_ALERTS_PATH;

export function createAlertHandler(options: AlertHandlerOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const { logger, metrics } = options;
  const retry = { "retry-after": String(options.retryAfterSeconds) };

  /** Refuse without reading the body; the connection closes so that no unread bytes linger. */
  function refuse(request: IncomingMessage, response: ServerResponse, status: number, error: string, reason: Parameters<Metrics["delivery"]>[1], headers: Record<string, string> = {}): void {
    request.resume();
    send(response, status, { error }, { ...headers, connection: "close" });
    metrics.delivery("rejected", reason);
    logger.log("warn", "alert.rejected", { path: request.url, status, error });
  }

  async function accept(path: string, body: Buffer, response: ServerResponse): Promise<void> {
    let text: string;
    try {
      text = UTF8.decode(body);
    } catch {
      // Decoded leniently, a label holding bytes of another encoding would become U+FFFD and an
      // issue would be written with text the monitor never sent.
      send(response, 400, { error: "the body is not UTF-8: send the JSON encoded as UTF-8 (RFC 8259)" });
      metrics.delivery("rejected", "malformed");
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (error) {
      send(response, 400, { error: `the body is not JSON: ${error instanceof Error ? error.message : String(error)}` });
      metrics.delivery("rejected", "malformed");
      return;
    }
    const read: ReadResult = path === ALERTMANAGER_PATH ? readAlertmanager(value) : readPlainAlert(value);
    if (!read.ok) {
      // A payload with thousands of wrong labels is told its first problems, and how many more.
      const problems = read.problems.length > MAX_PROBLEMS ? [...read.problems.slice(0, MAX_PROBLEMS), `… and ${read.problems.length - MAX_PROBLEMS} more`] : read.problems;
      send(response, 400, { error: path === ALERTMANAGER_PATH ? "not an Alertmanager notification (webhook payload version 4)" : "not a plain alert", problems });
      metrics.delivery("rejected", "malformed");
      logger.log("warn", "alert.malformed", { path, problems: read.problems.slice(0, 5) });
      return;
    }
    const identity = identityKey(identityText(read.group, options.rule, options.rules));
    const work = alertWorkKey(identity);
    try {
      await options.alerts.merge(identity, read.group);
      await options.store.record({ id: undefined, issue: work, at: options.now() });
    } catch (error) {
      logger.log("error", "store.write_failed", { alert: identity, error: error instanceof Error ? error.message : String(error) });
      send(response, 503, { error: "the alert could not be stored; retry later" }, retry);
      metrics.delivery("rejected", "store_failed");
      return;
    }
    const pushed = options.enqueue(work);
    send(response, 202, { status: "accepted", group: identity, alerts: read.group.alerts.length });
    metrics.delivery("accepted", pushed === "full" ? "queued" : pushed);
    logger.log("info", "alert.accepted", { group: identity, source: read.group.source, alerts: read.group.alerts.length, ...(read.truncatedAlerts > 0 ? { truncatedAlerts: read.truncatedAlerts } : {}) });
  }

  return (request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    if (request.method !== "POST") {
      request.resume();
      send(response, 405, { error: `${path} takes POST only` }, { allow: "POST" });
      return;
    }
    if (options.isClosing()) return refuse(request, response, 503, "the server is shutting down", "shutting_down", retry);
    if (!alertAuthorized(options.auth, request.headers.authorization)) {
      return refuse(request, response, 401, `missing or wrong credentials: send ${options.auth.kind === "bearer" ? "Authorization: Bearer <SHEPHERD_ALERT_TOKEN>" : "basic auth with SHEPHERD_ALERT_USER and SHEPHERD_ALERT_PASSWORD"}`, "bad_signature", {
        "www-authenticate": alertChallenge(options.auth),
      });
    }
    const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (type !== "application/json") return refuse(request, response, 415, `expected Content-Type: application/json, found ${type === "" ? "none" : type}`, "malformed");
    const declared = Number(request.headers["content-length"]);
    if (Number.isFinite(declared) && declared > options.bodyLimit) return refuse(request, response, 413, `the body is larger than ${options.bodyLimit} bytes`, "too_large");
    readBody(
      request,
      options.bodyLimit,
      (body) => {
        accept(path, body, response).catch((error: unknown) => {
          logger.log("error", "alert.failed", { error: error instanceof Error ? error.message : String(error) });
          if (!response.headersSent) send(response, 503, { error: "the alert could not be handled; retry later" }, retry);
        });
      },
      () => {
        send(response, 413, { error: `the body is larger than ${options.bodyLimit} bytes` }, { connection: "close" });
        metrics.delivery("rejected", "too_large");
        response.once("finish", () => request.destroy());
      },
    );
  };
}
