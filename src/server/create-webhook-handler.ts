/**
 * The webhook server's request handler, a plain node:http listener so it can be
 * mounted in any server. POST /webhooks/jira: body limit (413), signature on the raw bytes before
 * parsing (401), parse (400 with a JSON error — never 500 on input), dedupe on
 * X-Atlassian-Webhook-Identifier, ignore the tool's own changes, record the delivery in the store
 * (503 + Retry-After when the queue is full or the store cannot write) and answer 202 once it is
 * stored; the work happens in the queue. GET /healthz and GET /metrics besides.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { verifySignature } from "../jira/webhook/verify-signature.ts";
import { logsAt } from "./json-logger.ts";
import { type PeekedDelivery, peekDelivery } from "./peek-delivery.ts";
import type { DeliveryStore } from "./delivery-store.ts";
import type { IssueQueue, PushResult } from "./issue-queue.ts";
import type { Logger } from "../core/logger.ts";
import type { DeliveryReason, DeliveryResult, Metrics } from "./metrics.ts";
import { readBody } from "./read-body.ts";

export const WEBHOOK_PATH = "/webhooks/jira";

/** A request's path, without its query (the URL itself when it has none: no copy). */
export function pathOf(url: string | undefined): string {
  if (url === undefined) return "/";
  const query = url.indexOf("?");
  return query < 0 ? url : url.slice(0, query);
}

export interface WebhookHandlerOptions {
  /** Jira's webhook secret; undefined when the server takes no Jira deliveries (404, body unread). */
  secret: string | undefined;
  /** Largest body accepted, in bytes. */
  bodyLimit: number;
  /** The queue's gauges and room; work is queued through `enqueue`. */
  queue: Pick<IssueQueue, "depth" | "wouldAccept">;
  /** Queue a run of an issue whose delivery is stored (never refused). */
  enqueue: (issue: string) => PushResult;
  /** Where a delivery is recorded before it is answered 202, and delivery ids are remembered. */
  store: DeliveryStore;
  /** The tool's own account ids: their changes are not acted on. */
  botAccountIds: ReadonlySet<string>;
  metrics: Metrics;
  logger: Logger;
  /** Wall clock, epoch ms (when a delivery was received). */
  now: () => number;
  /** Seconds Jira is asked to wait when the queue is full or the server is stopping. */
  retryAfterSeconds: number;
  monotonic: () => number;
  isReady: () => boolean;
  isClosing: () => boolean;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * An oversized body is read and thrown away up to this many times the limit before the answer;
 * past that the connection is cut after answering (only an absurd body gets there).
 */
const DRAIN_LIMIT_FACTOR = 128;

const header = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}

/** What a log line of a delivery names: its id, Jira's retry count, and what the accept read. */
function deliveryFields(request: IncomingMessage, delivery: PeekedDelivery | undefined): Record<string, unknown> {
  const retry = header(request, "x-atlassian-webhook-retry");
  const fields: Record<string, unknown> = { delivery: header(request, "x-atlassian-webhook-identifier") ?? null, ...(retry === undefined ? {} : { retry }) };
  if (delivery?.kind === "ignored") fields.webhookEvent = delivery.event;
  if (delivery?.kind === "issue") Object.assign(fields, { webhookEvent: delivery.event, issue: delivery.issue, ...(delivery.issueEventType === undefined ? {} : { type: delivery.issueEventType }) });
  return fields;
}

const JSON_TYPE = "application/json";
const DUPLICATE_BODY = '{"status":"duplicate"}';
const OWN_CHANGE_BODY = '{"status":"ignored","reason":"own_change"}';
const UNSUPPORTED_BODY = '{"status":"ignored","reason":"unsupported_event"}';

/** Answer with a JSON text of ASCII only (its length is its byte length): the answers of the hot path. */
function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { "content-type": JSON_TYPE, "content-length": String(text.length) });
  response.end(text);
}

export function createWebhookHandler(options: WebhookHandlerOptions): Handler {
  const { metrics, logger, monotonic } = options;
  // Read once: on the hot path, a line that would be dropped costs no fields.
  const logsInfo = logsAt(logger, "info");
  const logsWarn = logsAt(logger, "warn");

  function deliveryDone(started: number, result: DeliveryResult, reason: DeliveryReason, request: IncomingMessage, delivery?: PeekedDelivery): void {
    const seconds = (monotonic() - started) / 1000;
    metrics.delivery(result, reason, seconds);
    if (!(result === "rejected" ? logsWarn : logsInfo)) return;
    logger.log(result === "rejected" ? "warn" : "info", `delivery.${result}`, { reason, ...deliveryFields(request, delivery), ms: Math.round(seconds * 10_000) / 10 });
  }

  function reject(
    response: ServerResponse,
    status: number,
    reason: DeliveryReason,
    error: string,
    started: number,
    request: IncomingMessage,
    delivery?: PeekedDelivery,
    headers: Record<string, string> = {},
  ): void {
    send(response, status, { error, reason }, headers);
    deliveryDone(started, "rejected", reason, request, delivery);
  }

  const retryHeaders = { "retry-after": String(options.retryAfterSeconds) };

  /**
   * Throw away the rest of the body, then answer 413 and close. The answer waits for the body:
   * closing a socket with unread bytes makes the kernel send a reset, which destroys the answer
   * before a sender that writes first and reads after (most HTTP clients) ever sees it. Memory
   * stays bounded (nothing is kept); time is bounded by the server's request timeout, and a body
   * past `DRAIN_LIMIT_FACTOR` times the limit is answered at once and cut.
   */
  function tooLarge(request: IncomingMessage, response: ServerResponse, started: number): void {
    let answered = false;
    const answer = (): void => {
      if (answered) return;
      answered = true;
      reject(response, 413, "too_large", `the body is larger than ${options.bodyLimit} bytes`, started, request, undefined, { connection: "close" });
    };
    let drained = 0;
    request.on("data", (chunk: Buffer) => {
      drained += chunk.length;
      if (drained <= options.bodyLimit * DRAIN_LIMIT_FACTOR || answered) return;
      answer();
      response.once("finish", () => request.destroy());
    });
    request.once("end", answer);
    request.resume();
  }

  /** Remember the id of a delivery that asks for nothing, so that its redelivery is a duplicate. */
  function remember(id: string | undefined): void {
    if (id === undefined) return;
    options.store.record({ id, issue: undefined, at: options.now() }).catch((error: unknown) => {
      logger.log("warn", "store.remember_failed", { delivery: id, error: error instanceof Error ? error.message : String(error) });
    });
  }

  async function onDelivery(request: IncomingMessage, response: ServerResponse, body: Buffer, started: number): Promise<void> {
    const id = header(request, "x-atlassian-webhook-identifier");
    const verified = options.secret !== undefined && verifySignature(options.secret, body, header(request, "x-hub-signature"));
    const checked = monotonic();
    metrics.stage("verify", (checked - started) / 1000);
    if (!verified) {
      reject(response, 401, "bad_signature", "missing or invalid X-Hub-Signature", started, request);
      return;
    }
    // Only what the accept needs is read; the run re-reads the issue from Jira.
    const delivery = peekDelivery(body);
    const stored = monotonic();
    metrics.stage("parse", (stored - checked) / 1000);
    if (delivery.kind === "malformed") {
      reject(response, 400, "malformed", delivery.error, started, request);
      return;
    }
    // Most stores know at once (no commit holds the id): no wait for a promise then.
    if (id !== undefined && (options.store.seenNow?.(id) ?? (await options.store.seen(id)))) {
      duplicate(response, started, request);
      return;
    }
    if (delivery.kind === "ignored") {
      remember(id);
      sendText(response, 202, UNSUPPORTED_BODY);
      deliveryDone(started, "ignored", "unsupported_event", request, delivery);
      return;
    }
    if (delivery.actor !== undefined && options.botAccountIds.has(delivery.actor)) {
      remember(id);
      sendText(response, 202, OWN_CHANGE_BODY);
      deliveryDone(started, "ignored", "own_change", request, delivery);
      return;
    }
    if (!options.queue.wouldAccept(delivery.issue)) {
      // Not stored: Jira's retry of this delivery must be accepted once there is room.
      reject(response, 503, "queue_full", "too many issues waiting; retry later", started, request, delivery, retryHeaders);
      return;
    }
    let recorded: "stored" | "duplicate";
    try {
      recorded = await options.store.record({ id, issue: delivery.issue, at: options.now() });
    } catch (error) {
      // Not answered 202, so Jira delivers it again later; nothing was promised that is not kept.
      logger.log("error", "store.write_failed", { ...deliveryFields(request, delivery), error: error instanceof Error ? error.message : String(error) });
      reject(response, 503, "store_failed", "the delivery could not be stored; retry later", started, request, delivery, retryHeaders);
      return;
    }
    metrics.stage("store", (monotonic() - stored) / 1000);
    if (recorded === "duplicate") {
      duplicate(response, started, request, delivery);
      return;
    }
    const pushed = options.enqueue(delivery.issue);
    // The key is ASCII by its shape: no escaping needed.
    sendText(response, 202, `{"status":"accepted","issue":"${delivery.issue}"}`);
    deliveryDone(started, "accepted", pushed === "full" ? "queued" : pushed, request, delivery);
  }

  function duplicate(response: ServerResponse, started: number, request: IncomingMessage, delivery?: PeekedDelivery): void {
    sendText(response, 200, DUPLICATE_BODY);
    deliveryDone(started, "ignored", "duplicate", request, delivery);
  }

  function answerFailure(response: ServerResponse, started: number, request: IncomingMessage, error: unknown): void {
    logger.log("error", "delivery.failed", { ...deliveryFields(request, undefined), error: error instanceof Error ? error.message : String(error) });
    if (response.headersSent) return;
    reject(response, 503, "store_failed", "the delivery could not be handled; retry later", started, request, undefined, retryHeaders);
  }

  function onWebhook(request: IncomingMessage, response: ServerResponse): void {
    const started = monotonic();
    if (options.secret === undefined) {
      request.resume();
      send(response, 404, { error: "this server takes no Jira deliveries: it was started without JIRA_WEBHOOK_SECRET, JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN; set them to serve Jira too" });
      return;
    }
    if (options.isClosing()) {
      reject(response, 503, "shutting_down", "the server is shutting down", started, request, undefined, { ...retryHeaders, connection: "close" });
      request.resume();
      return;
    }
    const declared = Number(header(request, "content-length"));
    if (Number.isFinite(declared) && declared > options.bodyLimit) {
      tooLarge(request, response, started);
      return;
    }
    readBody(
      request,
      options.bodyLimit,
      (body) => {
        onDelivery(request, response, body, started).catch((error: unknown) => answerFailure(response, started, request, error));
      },
      () => tooLarge(request, response, started),
    );
  }

  return (request, response) => {
    const path = pathOf(request.url);
    const method = request.method ?? "GET";
    if (path === WEBHOOK_PATH && method === "POST") {
      onWebhook(request, response);
      return;
    }
    request.resume(); // no other route reads a body
    if (path === WEBHOOK_PATH) {
      send(response, 405, { error: "use POST" }, { allow: "POST" });
      return;
    }
    if (path === "/healthz" && (method === "GET" || method === "HEAD")) {
      const ok = options.isReady() && !options.isClosing();
      send(response, ok ? 200 : 503, { status: ok ? "ok" : options.isClosing() ? "stopping" : "starting", queue: options.queue.depth() });
      return;
    }
    if (path === "/metrics" && method === "GET") {
      metrics.render().then(
        (text) => {
          response.writeHead(200, { "content-type": metrics.contentType, "content-length": String(Buffer.byteLength(text)) });
          response.end(text);
        },
        (error: unknown) => {
          logger.log("error", "metrics.failed", { error: error instanceof Error ? error.message : String(error) });
          send(response, 500, { error: "the metrics could not be collected" });
        },
      );
      return;
    }
    send(response, 404, { error: `no route for ${method} ${path}` });
  };
}
