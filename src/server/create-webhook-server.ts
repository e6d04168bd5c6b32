/**
 * The Jira webhook server assembled from its parts: an http.Server whose handler
 * records deliveries in the delivery store and queues their issues in a per-issue queue, a
 * processor that re-reads, evaluates and applies, metrics and logs. A run takes a mark of the
 * stored work as it starts and finishes it when the queue is done with the issue, so work that
 * arrives meanwhile, or that is waiting for a retry, stays stored; `resume()` queues what a
 * previous process left unfinished. `close()` stops accepting, lets the queue drain, closes the
 * store and then ends the server. Nothing here reads the environment or listens on a port;
 * `startServer` does that.
 */
import { createServer, type Server } from "node:http";
import type { Rules } from "../core/rules/rules.ts";
import type { Tracker } from "../core/tracker.ts";
import { createWebhookHandler, pathOf } from "./create-webhook-handler.ts";
import type { DeliveryStore, WorkMark } from "./delivery-store.ts";
import { createIssueQueue, type IssueQueue, type IssueQueueOptions, type PushResult, type RunOutcome } from "./issue-queue.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { createIssueProcessor } from "./process-issue.ts";
import { createMemoryDeliveryStore } from "./memory-delivery-store.ts";
import { GITHUB_WORK_PREFIX } from "./github-app-event.ts";
import { createGitHubAppHandler, GITHUB_WEBHOOK_PATH } from "./github-app-handler.ts";
import type { GitHubAppServing } from "./github-app-mode.ts";
import { createGitHubAppProcessor } from "./github-app-processor.ts";
import { type AlertServing, attachAlerts } from "./alert-serving.ts";

/**
 * A delivery within this many ms means deliveries are arriving: the queue then processes one issue
 * at a time, so that storing and answering them keeps the CPU (work is stored, nothing waits on it
 * but the issue's own run), and goes back to full concurrency once they stop.
 */
export const BUSY_WINDOW_MS = 25;

/** A stored delivery's issue is always queued (the queue's limit was checked before it was stored). */
const FORCE = { force: true } as const;

export interface WebhookServerOptions {
  /** Jira's rules; needed with `secret`. */
  rules?: Rules | undefined;
  /** The Jira adapter; needed with `secret`. */
  tracker?: Tracker | undefined;
  /**
   * The Jira webhook's shared secret (JIRA_WEBHOOK_SECRET). Required unless `githubApp` is given:
   * no secret, no server; without one, the server takes GitHub App deliveries only.
   */
  secret: string | undefined;
  /** Wall clock, epoch ms; the rules are evaluated at this time. */
  now?: () => number;
  logger?: Logger;
  /** Most issues waiting to be processed. Default 1000. */
  queueLimit?: number;
  /** Largest delivery body in bytes. Default 1 MiB (Jira issue payloads are rarely over 100 KB). */
  bodyLimit?: number;
  /**
   * Most connections open at once (default 1024); one past it is closed at once and its sender
   * retries. It bounds what a flood holds: each connection has at most one delivery in hand.
   */
  maxConnections?: number;
  /** The tool's own Jira account ids: deliveries caused by them are ignored. */
  botAccountIds?: Iterable<string>;
  /** Issues processed at once. Default 4. */
  concurrency?: number;
  /** Delivery identifiers remembered for dedupe by the default (in-memory) store. Default 10,000. */
  dedupeSize?: number;
  /** Where deliveries are recorded before the 202. Default: in memory (not durable). Closed by `close()`. */
  store?: DeliveryStore;
  /**
   * The queue the issues run through. Default: in this process (`createIssueQueue`); replicas
   * share one in PostgreSQL (`postgres-queue.ts`).
   */
  createQueue?: (options: IssueQueueOptions) => IssueQueue;
  /** Retry-After (seconds) when the queue is full. Default 10. */
  retryAfterSeconds?: number;
  /** Monotonic clock in ms (latencies). */
  monotonic?: () => number;
  /** Resident memory in bytes, for /metrics. */
  memory?: () => number;
  /**
   * GitHub App deliveries besides Jira's: POST /webhooks/github, through the same store and
   * queue (their work keys start with `github-app:`).
   */
  githubApp?: Pick<GitHubAppServing, "secrets" | "client" | "rules"> & Partial<Pick<GitHubAppServing, "ownLogin">>;
  /**
   * Monitoring alerts besides: POST /webhooks/alertmanager and /webhooks/alerts, through the same
   * store and queue (their work keys start with `alert:`). Its alert store is closed by `close()`.
   */
  alerts?: AlertServing | undefined;
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
  /** Queue the work a previous process left in the store; answers how many issues. */
  resume(): Promise<number>;
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
  const secret = options.secret === undefined || options.secret.trim() === "" ? undefined : options.secret;
  if (secret === undefined && options.githubApp === undefined && options.alerts === undefined) throw new MissingSecretError();
  const logger = options.logger ?? silentLogger;
  const monotonic = options.monotonic ?? (() => performance.now());
  const queueLimit = options.queueLimit ?? 1000;
  let isReady = false;
  let closing: Promise<void> | undefined;

  const store = options.store ?? createMemoryDeliveryStore(options.dedupeSize === undefined ? {} : { dedupeWindow: options.dedupeSize });
  const wallClock = options.now ?? Date.now;

  // The metrics read the queue's gauges through closures; the queue is created right after.
  const metrics = createMetrics({
    queueDepth: () => queue.depth(),
    queueLimit,
    inProgress: () => queue.active(),
    memory: options.memory ?? (() => globalThis.process.memoryUsage.rss()),
    storePending: () => store.size().pending,
  });
  const jira = secret === undefined ? undefined : { tracker: options.tracker, rules: options.rules };
  if (jira !== undefined && options.process === undefined && (jira.tracker === undefined || jira.rules === undefined)) {
    throw new TypeError("createWebhookServer: Jira's secret was given without its tracker and rules");
  }
  const jiraProcess =
    options.process ??
    (jira?.tracker !== undefined && jira.rules !== undefined
      ? createIssueProcessor({ tracker: jira.tracker, rules: jira.rules, now: wallClock, logger, metrics, monotonic })
      : (issue: string): Promise<RunOutcome> => {
          // Work a server with Jira left in the store, resumed by one without it.
          logger.log("warn", "issue.skipped", { issue, why: "this server is not configured for Jira (JIRA_* variables); the next audit repairs it" });
          return Promise.resolve(undefined);
        });
  /** The App's own login, read at start (else learnt from its first run): its changes start no run. */
  const ownGitHubLogins = new Set<string>(options.githubApp?.ownLogin === undefined ? [] : [options.githubApp.ownLogin.toLowerCase()]);
  const github = options.githubApp;
  const githubProcess =
    github === undefined ? undefined : createGitHubAppProcessor({ client: github.client, rules: github.rules, now: wallClock, logger, metrics, monotonic, ownLogins: ownGitHubLogins });
  const process = (issue: string): Promise<RunOutcome> =>
    alerts?.process(issue) ??
    (githubProcess !== undefined && issue.startsWith(GITHUB_WORK_PREFIX) ? githubProcess(issue) : jiraProcess(issue));
  /** The stored work each running issue covers. */
  const marks = new Map<string, WorkMark>();
  /** When the oldest delivery an issue's next run covers was queued (monotonic ms). */
  const waitingSince = new Map<string, number>();
  const finish = (issue: string): void => {
    const mark = marks.get(issue);
    marks.delete(issue);
    if (mark !== undefined) void store.finish(issue, mark);
  };
  /** When the last delivery arrived (monotonic ms): while they keep arriving, accepting them comes first. */
  let lastDeliveryAt = Number.NEGATIVE_INFINITY;
  const queue = (options.createQueue ?? createIssueQueue)({
    limit: queueLimit,
    concurrency: options.concurrency ?? 4,
    busy: () => monotonic() - lastDeliveryAt < BUSY_WINDOW_MS,
    run: (issue) => {
      const since = waitingSince.get(issue);
      if (since !== undefined) {
        waitingSince.delete(issue);
        metrics.queueWait((monotonic() - since) / 1000);
      }
      marks.set(issue, store.start(issue));
      return process(issue);
    },
    onRetry: (issue, attempt, delayMs) => {
      metrics.retried();
      marks.delete(issue);
      void store.retryAt(issue, wallClock() + delayMs);
      logger.log("info", "issue.retry_scheduled", { issue, attempt, delayMs });
    },
    onDone: finish,
    onGiveUp: (issue, attempts, why) => {
      if (why === "shutdown") {
        // Kept in the store: the next start resumes it.
        marks.delete(issue);
        logger.log("info", "issue.retry_kept", { issue, attempts, durable: store.durable });
        return;
      }
      finish(issue);
      logger.log("warn", "issue.given_up", { issue, attempts, why, note: "the next audit will repair it" });
    },
  });
  const enqueue = (issue: string): PushResult => {
    if (!waitingSince.has(issue)) waitingSince.set(issue, monotonic());
    return queue.push(issue, FORCE);
  };
  /** Resumed work whose retry is not due yet. */
  const resumeTimers = new Set<NodeJS.Timeout>();

  const handler = createWebhookHandler({
    secret,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    queue,
    enqueue,
    store,
    botAccountIds: new Set(options.botAccountIds ?? []),
    metrics,
    logger,
    now: wallClock,
    retryAfterSeconds: options.retryAfterSeconds ?? 10,
    monotonic,
    isReady: () => isReady,
    isClosing: () => closing !== undefined,
  });
  const githubHandler =
    github === undefined
      ? undefined
      : createGitHubAppHandler({
          secrets: github.secrets,
          bodyLimit: options.bodyLimit ?? 1024 * 1024,
          queue,
          enqueue,
          store,
          metrics,
          logger,
          now: wallClock,
          monotonic,
          retryAfterSeconds: options.retryAfterSeconds ?? 10,
          isClosing: () => closing !== undefined,
          ownLogins: ownGitHubLogins,
          onRepositories: (action, repositories) => {
            for (const repository of repositories) github.rules.refresh(repository);
            logger.log("info", "github.installation", { action, repositories });
          },
        });
  const alerts =
    options.alerts === undefined
      ? undefined
      : attachAlerts(options.alerts, { store, enqueue, metrics, logger, now: wallClock, monotonic, bodyLimit: options.bodyLimit ?? 1024 * 1024, retryAfterSeconds: options.retryAfterSeconds ?? 10, isClosing: () => closing !== undefined });
  const routed: typeof handler = (request, response) => {
    if (request.method === "POST") lastDeliveryAt = monotonic();
    if (alerts?.handle(request, response) === true) return;
    if (githubHandler !== undefined && request.method === "POST" && pathOf(request.url) === GITHUB_WEBHOOK_PATH) githubHandler(request, response);
    else handler(request, response);
  };
  const server = createServer({ requestTimeout: 15_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, routed);
  server.maxConnections = options.maxConnections ?? 1024;

  return {
    server,
    metrics,
    ready() {
      isReady = true;
    },
    pending: () => queue.depth() + queue.active(),
    async resume() {
      const work = await store.pending();
      const now = wallClock();
      for (const { issue, retryAt } of work) {
        if (retryAt === undefined || retryAt <= now) {
          enqueue(issue);
          continue;
        }
        const timer = setTimeout(() => {
          resumeTimers.delete(timer);
          if (closing === undefined) enqueue(issue);
        }, retryAt - now);
        timer.unref();
        resumeTimers.add(timer);
      }
      if (work.length > 0) logger.log("info", "store.resumed", { issues: work.length, later: resumeTimers.size });
      return work.length;
    },
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
        for (const resumeTimer of resumeTimers) clearTimeout(resumeTimer);
        resumeTimers.clear();
        const drained = await Promise.race([queue.drain({ dropRetries: true }).then(() => "drained" as const), timedOut]);
        clearTimeout(timer);
        await store.close();
        await alerts?.close();
        if (drained === "timeout") logger.log("warn", "server.drain_timeout", { pending: queue.depth() + queue.active() });
        server.closeAllConnections();
        await stopped;
        logger.log("info", "server.stopped", { drained: drained === "drained" });
      })();
      return closing;
    },
  };
}
