/**
 * POST /webhooks/github: GitHub App deliveries. What cannot be a delivery is answered before a
 * byte of its body is read — 415 for a body that is not JSON, 400 for a missing X-GitHub-Event,
 * X-GitHub-Delivery or X-Hub-Signature-256, 413 for a Content-Length over the limit; then the
 * signature is checked on the raw body with `@octokit/webhooks` against every configured secret
 * (401), the body parsed (400), the delivery id deduped, and the work recorded in the same
 * delivery store and queued in the same per-issue queue as Jira's, 202 once stored.
 * `installation` events are handled at once (they only make the server forget what it kept).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Webhooks } from "@octokit/webhooks";
import type { Logger } from "../core/logger.ts";
import type { DeliveryStore } from "./delivery-store.ts";
import { classifyGitHubEvent, type GitHubAppEvent } from "./github-app-event.ts";
import type { IssueQueue, PushResult } from "./issue-queue.ts";
import type { DeliveryReason, DeliveryResult, Metrics } from "./metrics.ts";
import { readBody } from "./read-body.ts";

export const GITHUB_WEBHOOK_PATH = "/webhooks/github";

/** Delivery ids are stored with this prefix, apart from Jira's. */
const ID_PREFIX = "github:";

export interface GitHubAppHandlerOptions {
  /** GITHUB_WEBHOOK_SECRET: the current secret first, then those still accepted while rotating. */
  secrets: readonly string[];
  bodyLimit: number;
  queue: Pick<IssueQueue, "wouldAccept">;
  enqueue: (key: string) => PushResult;
  store: DeliveryStore;
  metrics: Metrics;
  logger: Logger;
  now: () => number;
  monotonic: () => number;
  retryAfterSeconds: number;
  isClosing: () => boolean;
  /** Logins whose changes are the tool's own (the App's bot, once known). */
  ownLogins: ReadonlySet<string>;
  /** An installation's repositories changed: forget what is kept about them. */
  onRepositories: (action: string, repositories: string[]) => void;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const header = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first.trim() === "" ? undefined : first.trim();
};

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}

/**
 * After an answer given without reading the body: throw away what the sender still writes (a
 * socket closed with unread bytes resets, and the answer may be lost), up to the limit; past it
 * the connection is cut.
 */
function discard(request: IncomingMessage, response: ServerResponse, limit: number): void {
  let seen = 0;
  request.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limit) request.destroy();
  });
  request.on("error", () => undefined);
  response.once("finish", () => request.resume());
}

export function createGitHubAppHandler(options: GitHubAppHandlerOptions): Handler {
  if (options.secrets.length === 0) throw new Error("a GitHub App handler needs at least one webhook secret");
  const verifiers = options.secrets.map((secret) => new Webhooks({ secret }));
  const { metrics, logger } = options;

  const done = (started: number, result: DeliveryResult, reason: DeliveryReason, fields: Record<string, unknown>): void => {
    const seconds = (options.monotonic() - started) / 1000;
    metrics.delivery(result, reason, seconds);
    logger.log(result === "rejected" ? "warn" : "info", `delivery.${result}`, { source: "github", reason, ...fields, ms: Math.round(seconds * 10_000) / 10 });
  };
  const reject = (response: ServerResponse, status: number, reason: DeliveryReason, error: string, started: number, fields: Record<string, unknown>, headers: Record<string, string> = {}): void => {
    send(response, status, { error, reason }, headers);
    done(started, "rejected", reason, fields);
  };
  const later = { "retry-after": String(options.retryAfterSeconds) };

  /** Whether any secret signed the body. */
  const verified = async (body: string, signature: string): Promise<boolean> => {
    for (const verifier of verifiers) if (await verifier.verify(body, signature).catch(() => false)) return true;
    return false;
  };

  const remember = (id: string): void => {
    options.store.record({ id, issue: undefined, at: options.now() }).catch((error: unknown) => {
      logger.log("warn", "store.remember_failed", { delivery: id, error: error instanceof Error ? error.message : String(error) });
    });
  };

  async function onBody(response: ServerResponse, body: Buffer, started: number, name: string, id: string, signature: string, fields: Record<string, unknown>): Promise<void> {
    const text = body.toString("utf8");
    const good = await verified(text, signature);
    const checked = options.monotonic();
    metrics.stage("verify", (checked - started) / 1000);
    if (!good) return reject(response, 401, "bad_signature", "X-Hub-Signature-256 does not match the body for any secret in GITHUB_WEBHOOK_SECRET", started, fields);
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      return reject(response, 400, "malformed", "expected a JSON body, found text that is not JSON", started, fields);
    }
    const event: GitHubAppEvent = classifyGitHubEvent(name, payload);
    const stored = options.monotonic();
    metrics.stage("parse", (stored - checked) / 1000);
    if (event.kind === "malformed") return reject(response, 400, "malformed", event.error, started, fields);
    const storeId = `${ID_PREFIX}${id}`;
    if (await options.store.seen(storeId)) {
      send(response, 200, { status: "duplicate" });
      return done(started, "ignored", "duplicate", fields);
    }
    if (event.kind === "ignored") {
      remember(storeId);
      send(response, 202, { status: "ignored", reason: event.reason });
      return done(started, "ignored", "unsupported_event", { ...fields, why: event.reason });
    }
    if (event.kind === "repositories") {
      options.onRepositories(event.action, event.repositories);
      remember(storeId);
      send(response, 202, { status: "accepted", repositories: event.repositories.length });
      return done(started, "accepted", "queued", { ...fields, action: event.action, repositories: event.repositories });
    }
    Object.assign(fields, { work: event.key });
    if (event.kind === "issue" && event.sender !== undefined && options.ownLogins.has(event.sender.toLowerCase())) {
      remember(storeId);
      send(response, 202, { status: "ignored", reason: "own_change" });
      return done(started, "ignored", "own_change", fields);
    }
    if (!options.queue.wouldAccept(event.key)) return reject(response, 503, "queue_full", "too many issues waiting; retry later", started, fields, later);
    let recorded: "stored" | "duplicate";
    try {
      recorded = await options.store.record({ id: storeId, issue: event.key, at: options.now() });
    } catch (error) {
      logger.log("error", "store.write_failed", { ...fields, error: error instanceof Error ? error.message : String(error) });
      return reject(response, 503, "store_failed", "the delivery could not be stored; retry later", started, fields, later);
    }
    metrics.stage("store", (options.monotonic() - stored) / 1000);
    if (recorded === "duplicate") {
      send(response, 200, { status: "duplicate" });
      return done(started, "ignored", "duplicate", fields);
    }
    const pushed = options.enqueue(event.key);
    send(response, 202, { status: "accepted", work: event.key });
    done(started, "accepted", pushed === "full" ? "queued" : pushed, fields);
  }

  return (request, response) => {
    const started = options.monotonic();
    const id = header(request, "x-github-delivery");
    const name = header(request, "x-github-event");
    const signature = header(request, "x-hub-signature-256");
    const fields: Record<string, unknown> = { delivery: id ?? null, event: name ?? null };
    const early = (status: number, reason: DeliveryReason, error: string, headers: Record<string, string> = {}): void => {
      reject(response, status, reason, error, started, fields, { connection: "close", ...headers });
      discard(request, response, options.bodyLimit);
    };
    if (options.isClosing()) return early(503, "shutting_down", "the server is shutting down", later);
    const type = (header(request, "content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") {
      return early(415, "malformed", `expected Content-Type: application/json (the App's webhook sends JSON), found ${type === "" ? "none" : JSON.stringify(type)}`);
    }
    const missing = [
      ...(name === undefined ? ["X-GitHub-Event"] : []),
      ...(id === undefined ? ["X-GitHub-Delivery"] : []),
      ...(signature === undefined ? ["X-Hub-Signature-256"] : []),
    ];
    if (missing.length > 0) return early(400, "malformed", `expected the header${missing.length === 1 ? "" : "s"} ${missing.join(", ")} that GitHub sends with every delivery, found none; is a webhook secret set on the App?`);
    const declared = Number(header(request, "content-length"));
    if (Number.isFinite(declared) && declared > options.bodyLimit) return early(413, "too_large", `the body is larger than ${options.bodyLimit} bytes`);
    readBody(
      request,
      options.bodyLimit,
      (body) => {
        onBody(response, body, started, name as string, id as string, signature as string, fields).catch((error: unknown) => {
          logger.log("error", "delivery.failed", { ...fields, error: error instanceof Error ? error.message : String(error) });
          if (!response.headersSent) reject(response, 503, "store_failed", "the delivery could not be handled; retry later", started, fields, later);
        });
      },
      () => early(413, "too_large", `the body is larger than ${options.bodyLimit} bytes`),
    );
  };
}
