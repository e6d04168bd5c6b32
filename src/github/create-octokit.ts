/**
 * The Octokit the adapter uses: @octokit/rest with the pacer (`pace-writes.ts`: GitHub's
 * secondary limits, content-creating requests a minute and an hour, points a minute),
 * @octokit/plugin-throttling (primary and secondary rate-limit answers honoured on their
 * `retry-after`) and @octokit/plugin-retry (server errors retried with back-off). A plain 429
 * that is neither a secondary nor a primary rate limit is retried after its `retry-after` as well.
 */
import { retryAfterMs } from "../core/retry-after.ts";
import { retry } from "@octokit/plugin-retry";
import { type ThrottlingOptions, throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { createReadRoute, isGraphqlRead } from "./pace-reads.ts";
import { classifyRequest, Pacer, type SecondaryLimits } from "./pace-writes.ts";

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
const ShepherdOctokit = Octokit.plugin(pacingPlugin as unknown as Parameters<typeof Octokit.plugin>[0], throttling, retry);

export type GitHubClient = InstanceType<typeof ShepherdOctokit>;

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface OctokitOptions {
  token: string;
  /** REST base URL: https://api.github.com, or https://HOST/api/v3 on Enterprise Server. */
  baseUrl?: string | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  log?: Logger | undefined;
  /** How many times a rate-limited request is retried (default 3). */
  rateLimitRetries?: number;
  /**
   * Keep to GitHub's secondary limits (content-creating requests a minute and an hour, points a
   * minute; see pace-writes.ts). Turned off only by benchmarks against a local server.
   */
  pacing?: boolean;
  /** Other secondary limits than github.com's (an Enterprise Server's, a test's). */
  limits?: Partial<SecondaryLimits>;
  /** The clock pacing counts by (tests run it virtually with `sleep`); default Date.now. */
  now?: () => number;
  /** Unit of plugin-retry's back-off (1, 4, 9 units) for server errors; default 1000 ms. */
  retryBaseMs?: number;
  /** Wait before a retry (tests inject a fast clock); default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** A Bottleneck group stand-in that runs jobs at once (pacing off). */
const UNPACED = { key: () => ({ schedule: (_options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) => job(...args) }) };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
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
  if (status >= 500 || status === 429) log.warn(`GitHub answered ${message}; retried when safe to repeat`);
  else log.debug(message);
}

export function createOctokit(options: OctokitOptions): GitHubClient {
  const log = options.log ?? silent;
  const retries = options.rateLimitRetries ?? 3;
  const sleep = options.sleep ?? defaultSleep;
  const onLimit = (kind: string) => (retryAfter: number, request: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
    const again = retryCount < retries;
    log.warn(`${kind} on ${request.method ?? ""} ${request.url ?? ""}: ${again ? `retrying after ${retryAfter}s` : "giving up"}`);
    return again;
  };
  const throttle: Record<string, unknown> = {
    onRateLimit: onLimit("rate limit"),
    onSecondaryRateLimit: onLimit("secondary rate limit"),
  };
  // The throttling plugin's flat spacing (a second between writes, three between comments) gives
  // way to the pacer; its handling of rate-limit answers stays.
  throttle.write = UNPACED;
  throttle.notifications = UNPACED;
  const pacer = options.pacing === false ? undefined : new Pacer({ limits: options.limits, now: options.now, sleep });
  const octokit = new ShepherdOctokit({
    auth: options.token,
    userAgent: "issue-shepherd",
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl.replace(/\/+$/, "") }),
    ...(options.fetch === undefined ? {} : { request: { fetch: options.fetch } }),
    log: { debug: (m: string) => log.debug(m), info: (m: string) => log.debug(m), warn: (m: string) => log.warn(m), error: (m: string) => attemptFailed(log, m) },
    // The stand-in groups are duck-typed Bottleneck groups, hence the cast.
    throttle: throttle as unknown as ThrottlingOptions,
    pacer,
    // 429 is handled below (on its retry-after), not by plugin-retry's fixed back-off.
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451], retryAfterBaseValue: options.retryBaseMs ?? 1000 },
  });
  // GraphQL queries go their own way (pace-reads.ts): paced by GitHub's read limits (the hour's
  // points, the minute's points they share with writes), never queued behind a write, and
  // without the plugins' per-request limiters.
  const sendRead = createReadRoute({
    ...options,
    log,
    retries,
    retryBaseMs: options.retryBaseMs ?? 1000,
    sleep,
    pace: pacer === undefined ? undefined : (send) => pacer.run({ api: "graphql", write: false }, send),
  });
  // Outermost: a 429 that the throttling plugin did not take as a rate limit still says when to
  // come back; honour it.
  octokit.hook.wrap("request", async (request, requestOptions) => {
    const send = isGraphqlRead(requestOptions) ? (sendRead as unknown as typeof request) : request;
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(requestOptions);
      } catch (error) {
        const e = error as ErrorLike;
        const headers = e.response?.headers ?? {};
        const handled = /\bsecondary rate\b/i.test(e.message ?? "") || headers["x-ratelimit-remaining"] === "0";
        const wait = readRetryAfter(headers["retry-after"]);
        if (e.status !== 429 || handled || attempt >= retries) throw error;
        const seconds = wait ?? 2 ** attempt;
        log.warn(`429 on ${String(requestOptions.method)} ${String(requestOptions.url)}: retrying after ${seconds}s`);
        await sleep(seconds * 1000);
      }
    }
  });
  return octokit;
}
