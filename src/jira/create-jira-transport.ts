/**
 * The HTTP transport under jira.js: a `Client` (jira.js's one-method transport interface) built on
 * an injected `fetch`, so that tests and the benchmark point it at a local server and so that the
 * headers Jira's rate limiter sends (`Retry-After`, `RateLimit-Reason`) reach our back-off, which
 * jira.js's own transport drops. Endpoint paths, parameters and bodies still come from jira.js.
 *
 * Retries follow the core's retry policy (`src/core/retry-policy.ts`): a 429 is retried for every
 * method (the request was refused, not performed), waiting `Retry-After` or an exponential
 * back-off with jitter; 502/503/504 and network failures only for requests that are safe to
 * repeat. Retries are bounded in count and in wait, and what is left becomes a `TrackerError` of
 * kind `rate-limit`/`transient`. Each retry is logged as `jira.retry` (warn).
 */
import type { Logger } from "../core/logger.ts";
import { decideRetry, retryPolicy } from "../core/retry-policy.ts";
import type { Client, SendRequestOptions } from "jira.js/core";
import { TrackerError } from "../core/tracker.ts";
import type { WritePacer } from "./pace-writes.ts";
import { toTrackerError } from "./to-tracker-error.ts";

export interface RetryNotice {
  method: string;
  path: string;
  status: number | "network";
  attempt: number;
  waitMs: number;
  /** Jira's `RateLimit-Reason` header, e.g. `jira-burst-based`, `jira-per-issue-on-write`. */
  reason?: string | undefined;
}

export interface JiraTransportOptions {
  /** The site, e.g. `https://acme.atlassian.net` (JIRA_BASE_URL). */
  baseUrl: string;
  /** The account the API token belongs to (JIRA_EMAIL). */
  email: string;
  /** JIRA_API_TOKEN. Only ever placed in the Authorization header. */
  apiToken: string;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Wall clock in epoch ms, for `Retry-After` given as an HTTP date. */
  now?: () => number;
  random?: () => number;
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** A single wait longer than this is not sat out: the call fails as rate-limited. Default 60 s. */
  maxWaitMs?: number;
  /** First back-off when Jira gives no `Retry-After`. Default 1 s, doubled per attempt. */
  initialBackoffMs?: number;
  /** Called before each retry. */
  onRetry?: (notice: RetryNotice) => void;
  /** Where each retry is logged (`jira.retry`, warn, the notice's fields). Default: nowhere. */
  logger?: Logger;
  /** Spaces writes to one issue; told when Jira refuses one for the per-issue write limit. */
  pacer?: WritePacer;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));


/** Query string the way jira.js serialises it: arrays repeat the key, objects become JSON. */
export function buildQuery(searchParams: Record<string, unknown> | undefined): string {
  if (searchParams === undefined) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item !== undefined && item !== null) params.append(key, String(item));
    } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      params.set(key, String(value));
    } else {
      params.set(key, JSON.stringify(value));
    }
  }
  const query = params.toString();
  return query === "" ? "" : `?${query}`;
}

/** The issue a write goes to (`/rest/api/3/issue/SUP-1/...`), for pacing; bulk paths have none. */
export function issueOfPath(path: string): string | undefined {
  const match = /^\/rest\/api\/3\/issue\/([^/?]+)/.exec(path);
  const key = match?.[1];
  return key === undefined || /^(bulk|bulkfetch|properties|archive|unarchive|watching|createmeta|picker|limit)$/.test(key) ? undefined : key;
}

/** Reads that may be repeated after a 5xx or a dropped connection without doing anything twice. */
function isRepeatable(method: string, path: string): boolean {
  return method !== "POST" || path === "/rest/api/3/search/jql";
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === "") return undefined;
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Create the transport; pass it to `createCloudClient`. */
export function createJiraTransport(options: JiraTransportOptions): Client {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const policy = retryPolicy({ maxRetries: options.maxRetries, maxWaitMs: options.maxWaitMs, initialBackoffMs: options.initialBackoffMs });
  const base = options.baseUrl.replace(/\/+$/, "");
  const authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`, "utf8").toString("base64")}`;

  const retrying = (notice: RetryNotice): void => {
    options.onRetry?.(notice);
    options.logger?.log("warn", "jira.retry", { ...notice });
  };

  async function sendRequest<T>(request: SendRequestOptions<T>): Promise<T> {
    const method = request.method ?? "GET";
    const path = request.url.startsWith("/") ? request.url : `/${request.url}`;
    const url = `${base}${path}${buildQuery(request.searchParams)}`;
    const hasBody = request.body !== undefined && request.body !== null;
    const headers: Record<string, string> = {
      Accept: "application/json",
      Authorization: authorization,
      ...(hasBody ? { "Content-Type": "application/json" } : {}),
      ...request.headers,
    };
    const init: RequestInit = { method, headers };
    if (hasBody) init.body = JSON.stringify(request.body);

    const paced = method === "GET" ? undefined : issueOfPath(path);
    for (let attempt = 0; ; attempt += 1) {
      if (paced !== undefined) await options.pacer?.wait(paced);
      let response: Response;
      try {
        response = await fetchImpl(url, init);
      } catch (error) {
        const decision = decideRetry(policy, { attempt, failure: { status: "network" }, safeToRepeat: isRepeatable(method, path), now: now(), random });
        if (decision.retry) {
          retrying({ method, path, status: "network", attempt: attempt + 1, waitMs: decision.waitMs });
          await sleep(decision.waitMs);
          continue;
        }
        const message = error instanceof Error ? error.message : String(error);
        throw new TrackerError("transient", `Jira ${method} ${path} failed: ${message}`, { cause: error });
      }
      if (response.ok) return (await readBody(response)) as T;

      const status = response.status;
      const retryAfterHeader = response.headers.get("retry-after") ?? response.headers.get("beta-retry-after");
      const reason = response.headers.get("ratelimit-reason") ?? undefined;
      if (status === 429 && paced !== undefined && reason === "jira-per-issue-on-write") options.pacer?.slowDown(paced);
      const decision = decideRetry(policy, { attempt, failure: { status, retryAfter: retryAfterHeader }, safeToRepeat: isRepeatable(method, path), now: now(), random });
      if (decision.retry) {
        // The body is drained so that the keep-alive connection can be reused.
        await response.arrayBuffer().catch(() => undefined);
        retrying({ method, path, status, attempt: attempt + 1, waitMs: decision.waitMs, reason });
        await sleep(decision.waitMs);
        continue;
      }
      const body = await readBody(response).catch(() => undefined);
      throw toTrackerError({
        method,
        path,
        status,
        body,
        retryAfter: decision.retryAfterMs === undefined ? undefined : Math.ceil(decision.retryAfterMs / 1000),
        reason,
        account: { baseUrl: base, email: options.email },
      });
    }
  }

  return { sendRequest };
}
