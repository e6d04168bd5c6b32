/**
 * How GraphQL read queries reach GitHub. Reads are limited by GitHub's GraphQL points (primary
 * limit, per hour, reported in the `x-ratelimit-*` headers of every answer) and its secondary
 * limits, not by the spacing of content-creating requests: they go out at once, through their own
 * client, and wait only when GitHub says the points are used up (or they would be by the next
 * query) or asks for a pause (`retry-after`, `RATE_LIMITED`). A failure on GitHub's side (a 5xx,
 * or an answer saying the query went wrong) is thrown as a server error, for the retry policy of
 * every GitHub request to retry (`retry-requests.ts`). Mutations and REST writes never come here;
 * they stay paced as writes.
 */
import { Octokit } from "@octokit/rest";

/** The request options Octokit hands to a `request` hook. */
export interface HookOptions {
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Comments, string literals and block strings out of a GraphQL document, for keyword checks. */
const stripDocument = (document: string): string =>
  document
    .replace(/"""[\s\S]*?"""/g, '""')
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '""')
    .replace(/#[^\n\r]*/g, "");

/**
 * Whether a request is a GraphQL read: POST to the GraphQL endpoint (`/graphql` on github.com,
 * `/api/graphql` on Enterprise Server) with a document that only queries. Anything else,
 * including a document this check cannot tell, is treated as a write.
 */
export function isGraphqlRead(options: HookOptions): boolean {
  if (String(options.method).toUpperCase() !== "POST" || typeof options.query !== "string") return false;
  let path: string;
  try {
    path = new URL(String(options.url), "http://github.invalid").pathname;
  } catch {
    return false;
  }
  if (!/(^|\/)graphql$/.test(path)) return false;
  const document = stripDocument(options.query).trim();
  return /^(query\b|\{|fragment\b)/.test(document) && !/(^|\})\s*(mutation|subscription)\b/.test(document);
}

export interface ReadRouteOptions {
  token: string;
  baseUrl?: string | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  log: { debug(message: string): void; info(message: string): void; warn(message: string): void; error(message: string): void };
  /** How many times a rate-limited read is retried. */
  retries: number;
  sleep: (ms: number) => Promise<void>;
  now?: () => number;
  /**
   * Counts each attempt against the per-minute points the writes share with reads (GitHub's
   * secondary limit), waiting only when a minute's points are used up.
   */
  pace?: (<T>(send: () => Promise<T>) => Promise<T>) | undefined;
}

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
}

type ReadResponse = { headers: Record<string, string | number | undefined>; data: unknown };

const header = (headers: Record<string, unknown> | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
};

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * A sender for GraphQL reads, with the points GitHub last reported. `send` takes the hook's
 * request options and answers as Octokit's `request` does.
 */
export function createReadRoute(options: ReadRouteOptions): (request: HookOptions) => Promise<ReadResponse> {
  const now = options.now ?? Date.now;
  const client = new Octokit({
    auth: options.token,
    userAgent: "issue-shepherd",
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl.replace(/\/+$/, "") }),
    ...(options.fetch === undefined ? {} : { request: { fetch: options.fetch } }),
    log: { debug: (m: string) => options.log.debug(m), info: (m: string) => options.log.debug(m), warn: (m: string) => options.log.warn(m), error: (m: string) => options.log.debug(m) },
  });
  // What the last answer said about the hour's points, and what the last query cost.
  let remaining: number | undefined;
  let resetAt: number | undefined;
  let lastCost = 1;

  const observe = (headers: Record<string, unknown> | undefined) => {
    const left = Number(header(headers, "x-ratelimit-remaining"));
    const reset = Number(header(headers, "x-ratelimit-reset"));
    if (!Number.isFinite(left) || !Number.isFinite(reset) || header(headers, "x-ratelimit-remaining") === undefined) return;
    const at = reset * 1000;
    if (remaining !== undefined && resetAt === at && remaining > left) lastCost = Math.max(1, remaining - left);
    remaining = left;
    resetAt = at;
  };
  const untilReset = () => (resetAt === undefined ? 60_000 : Math.max(0, resetAt - now()) + 1000);

  return async (request) => {
    const { method, url, headers, query, variables } = request;
    const what = `${String(method)} ${String(url)}`;
    for (let attempt = 0; ; attempt++) {
      // Points GitHub reported as not enough for a query like the last one: wait for the reset
      // rather than spend a request on a refusal.
      if (remaining !== undefined && remaining < lastCost && resetAt !== undefined && resetAt > now()) {
        const wait = untilReset();
        options.log.warn(`GraphQL points used up (${remaining} left): waiting ${seconds(wait)}s until they reset`);
        await options.sleep(wait);
        remaining = undefined;
      }
      let wait: number | undefined;
      let answer: ReadResponse | undefined;
      try {
        const send = (): Promise<ReadResponse> => client.request({ method, url, headers, query, variables } as never);
        answer = await (options.pace === undefined ? send() : options.pace(send));
        observe(answer.headers);
        const errors = (answer.data as { errors?: { type?: string; message?: string }[] } | null)?.errors ?? [];
        // GitHub's answer when a query failed on its side (often a timeout): a server error, which
        // the retry policy retries like a 5xx.
        const failed = errors.find((e) => /Something went wrong while executing your query/.test(e.message ?? ""));
        if (failed !== undefined) throw Object.assign(new Error(failed.message), { status: 500, response: answer });
        if (!errors.some((e) => e.type === "RATE_LIMITED")) return answer;
        wait = untilReset();
      } catch (error) {
        const e = error as ErrorLike;
        const found = e.response?.headers ?? {};
        observe(found);
        if (e.status !== 403 && e.status !== 429) throw error;
        if (/\bsecondary rate\b/i.test(e.message ?? "")) wait = (Number(found["retry-after"]) || 60) * 1000;
        else if (found["x-ratelimit-remaining"] === "0") wait = untilReset();
        else throw error;
        if (attempt >= options.retries) {
          options.log.warn(`rate limit on ${what}: giving up`);
          throw error;
        }
      }
      if (attempt >= options.retries) {
        options.log.warn(`rate limit on ${what}: giving up`);
        return answer as ReadResponse;
      }
      options.log.warn(`rate limit on ${what}: retrying after ${seconds(wait)}s`);
      await options.sleep(wait);
      remaining = undefined;
    }
  };
}
