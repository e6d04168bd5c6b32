/**
 * A local fake of the GitHub API for tests and benchmarks: the in-memory GitHub of
 * src/github/in-memory (REST and GraphQL over a Map store per repository) behind node:http on
 * 127.0.0.1 (port 0), with what only tests need around it. Every request is recorded and checked
 * against the REST contract and GitHub's GraphQL query limits; tests assert that `violations`
 * stays empty. Faults (secondary rate limits, 429, 500), latency and raw answers (a real answer
 * rewritten into a malformed one) can be injected per request, and the rate limits are counted.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parse } from "graphql";
import { createAnswerer } from "../../../src/github/in-memory/answer-request.ts";
import { githubPath } from "../../../src/github/in-memory/create-in-memory-github.ts";
import { loadGithubSchema } from "../../../src/github/in-memory/github-schema.ts";
import type { RestUser } from "../../../src/github/rest-types.ts";
import { checkContract } from "./check-contract.ts";
import { FakeState, type FakeSeed } from "./fake-state.ts";
import { queryLimits } from "./graphql-limits.ts";
import { DOCUMENTED_LIMITS, type FakeSecondaryLimits, SecondaryLimiter } from "./secondary-limits.ts";

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  body: unknown;
  status: number;
  /** The GraphQL operation name, for POST /graphql. */
  operation?: string | undefined;
  /** A write: a REST request other than GET, or a GraphQL document with a mutation. */
  write: boolean;
  /** POST /graphql: the nodes the query may return and its points, as GitHub computes them. */
  nodes?: number;
  cost?: number;
}

/** A fault answered instead of the real response to the next matching requests. */
export interface Fault {
  method?: string;
  /** Matched against the path (without query). */
  path?: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** POST /graphql only: the operation name the fault applies to (e.g. `AuditIssues`). */
  operation?: string;
  /**
   * A raw answer: the real answer is computed (and the state changed) as usual, then this turns
   * its body into what is sent with `status` — for answers that are malformed or miss fields.
   */
  rewrite?: (body: unknown) => unknown;
}

export interface FakeGitHub {
  /** REST base URL, e.g. http://127.0.0.1:1234/api/v3 — laid out as GitHub Enterprise Server. */
  readonly url: string;
  readonly graphqlUrl: string;
  readonly state: FakeState;
  readonly requests: RecordedRequest[];
  /** Contract violations (REST) and GraphQL errors seen so far. */
  readonly violations: string[];
  /** With `secondaryLimits`: what was refused, and when each content-creating request got in. */
  readonly limiter: SecondaryLimiter | undefined;
  /** Remaining core rate limit reported by GET /rate_limit. */
  rateRemaining: number;
  /** GraphQL points left this hour: each query spends its cost; a query that costs more is refused. */
  graphqlRemaining: number;
  /** When the GraphQL points reset (epoch seconds), sent in `x-ratelimit-reset`. */
  graphqlResetAt: number;
  inject(fault: Fault): void;
  close(): Promise<void>;
}

const PREFIX = "/api/v3";

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  response.end(text);
}

/** Start a fake GitHub seeded with repositories; `now` stamps the writes. */
export async function startFakeGitHub(
  seeds: FakeSeed[] = [],
  options: {
    now?: () => number;
    viewer?: RestUser;
    /**
     * Milliseconds each request waits before it is handled (a number, or a function for jitter):
     * a network's round trip, so that concurrent runs interleave as they do against GitHub.
     */
    latencyMs?: number | (() => number);
    /** Enforce GitHub's secondary limits (all four, over the fake's clock): refuse as GitHub does. */
    secondaryLimits?: Partial<FakeSecondaryLimits>;
  } = {},
): Promise<FakeGitHub> {
  const state = new FakeState(options.now, options.viewer);
  for (const seed of seeds) state.seed(seed);
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const faults: Fault[] = [];
  const limiter = options.secondaryLimits === undefined ? undefined : new SecondaryLimiter({ ...DOCUMENTED_LIMITS, ...options.secondaryLimits }, state.now);
  const schema = await loadGithubSchema();
  const answerer = createAnswerer(state);
  let base = "";

  const fake: FakeGitHub = {
    get url() {
      return `${base}${PREFIX}`;
    },
    // As on Enterprise Server: REST under /api/v3, GraphQL at /api/graphql.
    get graphqlUrl() {
      return `${base}/api/graphql`;
    },
    state,
    requests,
    violations,
    limiter,
    rateRemaining: 5000,
    graphqlRemaining: 5000,
    graphqlResetAt: Math.floor(state.now() / 1000) + 3600,
    inject(fault) {
      faults.push({ times: 1, ...fault });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const takeFault = (method: string, path: string, operation?: string): Fault | undefined => {
    const index = faults.findIndex(
      (f) =>
        (f.method === undefined || f.method === method) &&
        (f.path === undefined || f.path.test(path)) &&
        (f.operation === undefined || f.operation === operation),
    );
    if (index < 0) return undefined;
    const fault = faults[index] as Fault;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) faults.splice(index, 1);
    return fault;
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const latency = typeof options.latencyMs === "function" ? options.latencyMs() : (options.latencyMs ?? 0);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const url = new URL(request.url ?? "/", base);
    const method = request.method ?? "GET";
    const path = githubPath(url) ?? url.pathname;
    const text = await readBody(request);
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      violations.push(`${method} ${path}: body is not JSON`);
      send(response, 400, { message: "Problems parsing JSON" });
      return;
    }
    const document = (body as { query?: unknown } | undefined)?.query;
    const write = path === "/graphql" ? typeof document === "string" && /(^|[\s}])mutation\b/.test(document.replace(/"(?:[^"\\]|\\.)*"/g, '""')) : method !== "GET";
    const record: RecordedRequest = { method, path, query: url.search, body, status: 0, write };
    requests.push(record);
    const refusal = limiter?.admit(method, path, body);
    if (refusal !== undefined) {
      record.status = refusal.status;
      send(response, refusal.status, refusal.body, refusal.headers);
      return;
    }
    if (request.headers.authorization === undefined) violations.push(`${method} ${path}: no Authorization header`);

    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      send(response, status, payload, headers);
    };

    if (method === "POST" && path === "/graphql") {
      const { query, variables, operationName } = (body ?? {}) as { query?: string; variables?: Record<string, unknown>; operationName?: string };
      record.operation = operationName ?? /(?:query|mutation)\s+(\w+)/.exec(query ?? "")?.[1];
      const fault = takeFault(method, path, record.operation);
      if (fault !== undefined && fault.rewrite === undefined) return answer(fault.status, fault.body ?? { message: "fault" }, fault.headers);
      // GitHub checks the query's limits before running it: too many nodes or a connection
      // without bounds is refused whole, and every query spends points of the hour.
      const rate = () => ({
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": String(fake.graphqlRemaining),
        "x-ratelimit-used": String(5000 - fake.graphqlRemaining),
        "x-ratelimit-reset": String(fake.graphqlResetAt),
        "x-ratelimit-resource": "graphql",
      });
      let limits: ReturnType<typeof queryLimits> | undefined;
      try {
        limits = queryLimits(schema, parse(query ?? ""), variables ?? {}, operationName);
      } catch {
        // graphql() below reports the syntax error as GitHub would.
      }
      if (limits !== undefined) {
        record.nodes = limits.nodes;
        record.cost = limits.cost;
        if (limits.problems.length > 0) {
          violations.push(...limits.problems.map((p) => `graphql ${record.operation ?? "?"}: ${p}`));
          const type = (p: string) => (p.includes("possible nodes") ? "MAX_NODE_LIMIT_EXCEEDED" : "EXCESSIVE_PAGINATION");
          return answer(200, { errors: limits.problems.map((message) => ({ type: type(message), message })) }, rate());
        }
        if (limits.cost > fake.graphqlRemaining) {
          return answer(200, { errors: [{ type: "RATE_LIMITED", message: "API rate limit already exceeded for user ID 41898282." }] }, rate());
        }
        fake.graphqlRemaining -= limits.cost;
      }
      const executed = await answerer({ method, path, url, body, authorization: request.headers.authorization }, base + PREFIX);
      // An answer GitHub gives (a NOT_FOUND id, a label name taken) is not a fault of the query;
      // anything else (the schema refusing the query, a field the fake cannot answer) is.
      violations.push(...executed.faults.map((message) => `graphql ${record.operation ?? "?"}: ${message}`));
      if (fault?.rewrite !== undefined) return answer(fault.status, fault.rewrite(structuredClone(executed.body)), { ...rate(), ...fault.headers });
      return answer(200, executed.body, rate());
    }

    const problems = checkContract({ method, path, query: url.searchParams, body });
    violations.push(...problems);
    const fault = takeFault(method, path);
    if (fault !== undefined && fault.rewrite === undefined) return answer(fault.status, fault.body ?? { message: "fault" }, fault.headers);
    if (method === "GET" && path === "/rate_limit") {
      const core = { limit: 5000, remaining: fake.rateRemaining, reset: Math.floor(state.now() / 1000) + 3600, used: 5000 - fake.rateRemaining };
      return answer(200, { resources: { core, graphql: core, search: core }, rate: core });
    }
    const result = await answerer({ method, path, url, body, authorization: request.headers.authorization }, base + PREFIX);
    if (fault?.rewrite !== undefined) return answer(fault.status, fault.rewrite(structuredClone(result.body)), { ...result.headers, ...fault.headers });
    return answer(result.status, result.body, result.headers);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      violations.push(`fake server crashed: ${String(error)}`);
      if (!response.headersSent) send(response, 500, { message: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
