/**
 * The Jira webhook server assembled from its parts: an http.Server whose handler
 * accepts deliveries into a per-issue queue, a processor that re-reads, evaluates and applies,
 * metrics and logs. `close()` stops accepting, lets the queue drain and then ends the server.
 * Nothing here reads the environment or listens on a port; `startServer` does that.
 */
import { createServer, type Server } from "node:http";
import type { Rules } from "../core/rules/rules.ts";
import type { Tracker } from "../core/tracker.ts";
import { createWebhookHandler } from "./create-webhook-handler.ts";
import { createIssueQueue, type RunOutcome } from "./issue-queue.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { createIssueProcessor } from "./process-issue.ts";
import { createRecentSet } from "./recent-set.ts";

export interface WebhookServerOptions {
  rules: Rules;
  tracker: Tracker;
  /** The webhook's shared secret (JIRA_WEBHOOK_SECRET). Required: no secret, no server. */
  secret: string | undefined;
  /** Wall clock, epoch ms; the rules are evaluated at this time. */
  now?: () => number;
  logger?: Logger;
  /** Most issues waiting to be processed. Default 1000. */
  queueLimit?: number;
  /** Largest delivery body in bytes. Default 1 MiB (Jira issue payloads are rarely over 100 KB). */
  bodyLimit?: number;
  /** The tool's own Jira account ids: deliveries caused by them are ignored. */
  botAccountIds?: Iterable<string>;
  /** Issues processed at once. Default 4. */
  concurrency?: number;
  /** Delivery identifiers remembered for dedupe. Default 10,000. */
  dedupeSize?: number;
  /** Retry-After (seconds) when the queue is full. Default 10. */
  retryAfterSeconds?: number;
  /** Monotonic clock in ms (latencies). */
  monotonic?: () => number;
  /** Resident memory in bytes, for /metrics. */
  memory?: () => number;
  /** Replace the processor (evaluate + apply), e.g. in tests of the server alone. */
  process?: (issue: string) => Promise<RunOutcome>;
}

export interface WebhookServer {
  server: Server;
  metrics: Metrics;
  /** Mark the server ready (GET /healthz answers 200 from then on). */
  ready(): void;
  /** Issues waiting and being processed. */
  pending(): number;
  /** Resolve once the queue is empty and nothing is being processed (retries included). */
  idle(): Promise<void>;
  /** Stop accepting deliveries, drain the queue, close the server. Idempotent. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/** Thrown when the server is asked to start without a secret. */
export class MissingSecretError extends Error {
  constructor() {
    super(
      "JIRA_WEBHOOK_SECRET is not set: refusing to start, since without it anyone could post deliveries. " +
        "Set the same secret here and on the Jira webhook (Jira settings → System → WebHooks → Secret).",
    );
    this.name = "MissingSecretError";
  }
}

export function createWebhookServer(options: WebhookServerOptions): WebhookServer {
  if (options.secret === undefined || options.secret.trim() === "") throw new MissingSecretError();
  const secret = options.secret;
  const logger = options.logger ?? silentLogger;
  const monotonic = options.monotonic ?? (() => performance.now());
  const queueLimit = options.queueLimit ?? 1000;
  let isReady = false;
  let closing: Promise<void> | undefined;

  // The metrics read the queue's gauges through closures; the queue is created right after.
  const metrics = createMetrics({
    queueDepth: () => queue.depth(),
    queueLimit,
    inProgress: () => queue.active(),
    memory: options.memory ?? (() => globalThis.process.memoryUsage.rss()),
  });
  const process =
    options.process ??
    createIssueProcessor({ tracker: options.tracker, rules: options.rules, now: options.now ?? Date.now, logger, metrics, monotonic });
  const queue = createIssueQueue({
    limit: queueLimit,
    concurrency: options.concurrency ?? 4,
    run: process,
    onRetry: (issue, attempt, delayMs) => {
      metrics.retried();
      logger.log("info", "issue.retry_scheduled", { issue, attempt, delayMs });
    },
    onGiveUp: (issue, attempts, why) => logger.log("warn", "issue.given_up", { issue, attempts, why, note: "the next audit will repair it" }),
  });

  const handler = createWebhookHandler({
    secret,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    queue,
    botAccountIds: new Set(options.botAccountIds ?? []),
    metrics,
    logger,
    seen: createRecentSet(options.dedupeSize ?? 10_000),
    retryAfterSeconds: options.retryAfterSeconds ?? 10,
    monotonic,
    isReady: () => isReady,
    isClosing: () => closing !== undefined,
  });
  const server = createServer({ requestTimeout: 15_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, handler);

  return {
    server,
    metrics,
    ready() {
      isReady = true;
    },
    pending: () => queue.depth() + queue.active(),
    idle: () => queue.drain(),
    close({ timeoutMs = 30_000 } = {}) {
      closing ??= (async () => {
        logger.log("info", "server.stopping", { pending: queue.depth() + queue.active() });
        const stopped = new Promise<void>((resolve) => {
          if (!server.listening) resolve();
          else server.close(() => resolve());
        });
        server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), timeoutMs);
        });
        const drained = await Promise.race([queue.drain({ dropRetries: true }).then(() => "drained" as const), timedOut]);
        clearTimeout(timer);
        if (drained === "timeout") logger.log("warn", "server.drain_timeout", { pending: queue.depth() + queue.active() });
        server.closeAllConnections();
        await stopped;
        logger.log("info", "server.stopped", { drained: drained === "drained" });
      })();
      return closing;
    },
  };
}
