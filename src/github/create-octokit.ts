/**
 * The Octokit the adapter uses: @octokit/rest with the pacer (`pace-writes.ts`: GitHub's
 * secondary limits, content-creating requests a minute and an hour, points a minute),
 * @octokit/plugin-throttling for GitHub's primary and secondary rate-limit answers, and the
 * core's retry policy for everything else (`retry-requests.ts`: server errors when safe to
 * repeat, a plain 429 on its `retry-after`).
 *
 * Why the throttling plugin stays and plugin-retry went: the throttling plugin knows GitHub's
 * rate-limit signals (a 403 that says "secondary rate", `x-ratelimit-remaining: 0` with its
 * reset, GraphQL's RATE_LIMITED), so it keeps judging those, and only whether and how often to
 * retry is asked of the policy (its retries, its longest wait). plugin-retry's back-off is fixed
 * (1, 4, 9 units, no jitter) and it retries every 4xx outside a deny list; its job is the policy's
 * exactly, so a request hook driven by the policy replaces it, and GitHub and Jira retry alike.
 */
import { type Logger, type LogLevel, silentLogger } from "../core/logger.ts";
import { retryAfterMs } from "../core/retry-after.ts";
import { type RetryPolicy, retryPolicy, retryWait } from "../core/retry-policy.ts";
import { type ThrottlingOptions, throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { createReadRoute, isGraphqlRead } from "./pace-reads.ts";
import { classifyRequest, Pacer, type SecondaryLimits } from "./pace-writes.ts";
import { retryRequests } from "./retry-requests.ts";

/**
 * Registered first, so innermost: every attempt that reaches GitHub — a retry of the throttling
 * or retry plugin too — is paced and counted.
 */
function pacingPlugin(octokit: Octokit, options: { pacer?: Pacer }): void {
  const pacer = options.pacer;
  if (pacer === undefined) return;
  octokit.hook.wrap("request", (request, requestOptions) => pacer.run(classifyRequest(requestOptions), async () => request(requestOptions)));
}

// Plugins are typed for any Octokit; this one reads only `hook` and its own option.
const ShepherdOctokit = Octokit.plugin(pacingPlugin as unknown as Parameters<typeof Octokit.plugin>[0], throttling);

export type GitHubClient = InstanceType<typeof ShepherdOctokit>;

export interface OctokitOptions {
  token: string;
  /** REST base URL: https://api.github.com, or https://HOST/api/v3 on Enterprise Server. */
  baseUrl?: string | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  log?: Logger | undefined;
  /** How many times a request is retried — rate-limited, or failed on GitHub's side (default 3). */
  rateLimitRetries?: number;
  /**
   * Keep to GitHub's secondary limits (content-creating requests a minute and an hour, points a
   * minute; see pace-writes.ts); default on. Turned off only for a local transport — the
   * in-memory GitHub's `fetch` (src/github/in-memory), a benchmark's local server — which has no
   * such limits: then no request waits but for a rate-limit answer the transport itself gives.
   */
  pacing?: boolean;
  /** Other secondary limits than github.com's (an Enterprise Server's, a test's). */
  limits?: Partial<SecondaryLimits>;
  /** The clock pacing counts by (tests run it virtually with `sleep`); default Date.now. */
  now?: () => number;
  /** First back-off of a retry when GitHub says no `retry-after`, doubled per retry; default 1000 ms. */
  retryBaseMs?: number;
  /** Wait before a retry (tests inject a fast clock); default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1), for the back-off's jitter; default Math.random. */
  random?: () => number;
}

/** GitHub's retries: three, 1 s doubling, no single wait over a minute (the core's defaults otherwise). */
export function githubRetryPolicy(options: Pick<OctokitOptions, "rateLimitRetries" | "retryBaseMs"> = {}): RetryPolicy {
  // Octokit reports a request that got no answer as a 500; GitHub's own 500s are as transient.
  return retryPolicy({ maxRetries: options.rateLimitRetries ?? 3, initialBackoffMs: options.retryBaseMs, transient: [500, 502, 503, 504] });
}

/** Octokit's four-method log, onto the port; each message as a `github.request` line. */
function octokitLog(log: Logger, error: (message: string) => void = (m) => log.log("error", "github.request", { message: m })) {
  const at = (level: LogLevel) => (message: string) => log.log(level, "github.request", { message });
  return { debug: at("debug"), info: at("debug"), warn: at("warn"), error };
}

/** A Bottleneck group stand-in that runs jobs at once (pacing off). */
const UNPACED = { key: () => ({ schedule: (_options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) => job(...args) }) };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type FailedHandler = (error: unknown, info: { args: unknown[]; retryCount: number }) => unknown;

/**
 * A stand-in for the throttling plugin's retry limiter (pacing off). The plugin runs every request
 * as a job of that Bottleneck and retries a rate-limited one when its `failed` handler returns a
 * wait; Bottleneck starts each job on a timer turn of its own (three per request), which on a
 * busy machine makes an in-process request wait far longer than it works. This one starts a job
 * at once and keeps the plugin's judgement of rate limits: on a failure it asks the handler, and
 * sleeps the wait it returns before running the job again.
 */
function unpacedRetryLimiter(sleep: (ms: number) => Promise<void>) {
  let onFailed: FailedHandler | undefined;
  return {
    on(event: string, handler: FailedHandler): void {
      if (event === "failed") onFailed = handler;
    },
    async schedule(job: (...args: unknown[]) => unknown, ...args: unknown[]): Promise<unknown> {
      for (let retryCount = 0; ; retryCount++) {
        try {
          return await job(...args);
        } catch (error) {
          const wait = await onFailed?.(error, { args, retryCount });
          if (typeof wait !== "number") throw error;
          await sleep(wait);
        }
      }
    },
  };
}

/** Seconds from a `retry-after` header (seconds or an HTTP date), if usable. */
export function readRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  const ms = retryAfterMs(value, now);
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

/**
 * Octokit logs every failed attempt of a request as an error (`GET /path - 502 with id … in 12ms`),
 * also one that a retry then repairs and a 404 the adapter expects. Whether the run failed is
 * for the adapter to say (a failed operation, a TrackerError), so an attempt is at most a
 * warning: a server error or rate limit, which a person may want to know about; anything else
 * (404, 422 the caller handles) only in the debug log.
 */
function attemptFailed(log: Logger, message: string): void {
  const status = Number(/ - (\d{3}) with id /.exec(message)?.[1]);
  if (status >= 500 || status === 429) log.log("warn", "github.request", { message: `GitHub answered ${message}; retried when safe to repeat` });
  else log.log("debug", "github.request", { message });
}

export function createOctokit(options: OctokitOptions): GitHubClient {
  const log = options.log ?? silentLogger;
  const policy = githubRetryPolicy(options);
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  // The throttling plugin tells a rate limit and how long it lasts; the policy says whether to sit it out.
  const onLimit = (kind: string) => (retryAfter: number, request: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
    const decision = retryWait(policy, retryCount, retryAfter * 1000, random);
    const why = decision.retry ? `retrying after ${retryAfter}s` : decision.why === "wait-too-long" ? `giving up (asked to wait ${retryAfter}s)` : "giving up";
    log.log("warn", "github.rate-limit", { message: `${kind} on ${request.method ?? ""} ${request.url ?? ""}: ${why}`, retryAfterSeconds: retryAfter, attempt: retryCount + 1 });
    return decision.retry;
  };
  const throttle: Record<string, unknown> = {
    onRateLimit: onLimit("rate limit"),
    onSecondaryRateLimit: onLimit("secondary rate limit"),
  };
  // The throttling plugin's flat spacing (a second between writes, three between comments) gives
  // way to the pacer; its handling of rate-limit answers stays.
  throttle.write = UNPACED;
  throttle.notifications = UNPACED;
  // Pacing off (an in-process transport): no request waits in the plugin's queues either, whose
  // every job costs a timer turn — a long wait on a busy machine, for each of an audit's requests.
  if (options.pacing === false) {
    throttle.global = throttle.auth = throttle.search = UNPACED;
    throttle.retryLimiter = unpacedRetryLimiter(sleep);
  }
  const pacer = options.pacing === false ? undefined : new Pacer({ limits: options.limits, now: options.now, sleep });
  const octokit = new ShepherdOctokit({
    auth: options.token,
    userAgent: "issue-shepherd",
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl.replace(/\/+$/, "") }),
    ...(options.fetch === undefined ? {} : { request: { fetch: options.fetch } }),
    log: octokitLog(log, (m) => attemptFailed(log, m)),
    // The stand-in groups are duck-typed Bottleneck groups, hence the cast.
    throttle: throttle as unknown as ThrottlingOptions,
    pacer,
  });
  // GraphQL queries go their own way (pace-reads.ts): paced by GitHub's read limits (the hour's
  // points, the minute's points they share with writes), never queued behind a write, and
  // without the plugins' per-request limiters.
  const sendRead = createReadRoute({
    ...options,
    log: octokitLog(log),
    retries: policy.maxRetries,
    sleep,
    pace: pacer === undefined ? undefined : (send) => pacer.run({ api: "graphql", write: false }, send),
  });
  // Outermost: the policy's retries of server errors (GraphQL reads' too) and of a 429 the
  // throttling plugin did not take as a rate limit (it still says when to come back).
  octokit.hook.wrap("request", async (request, requestOptions) => {
    const send = isGraphqlRead(requestOptions) ? (sendRead as unknown as typeof request) : request;
    return retryRequests({ policy, log, sleep, now, random }, send)(requestOptions);
  });
  return octokit;
}
