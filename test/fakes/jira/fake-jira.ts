/**
 * A local Jira Cloud for tests and the benchmark: a node:http server on 127.0.0.1 around the
 * product's in-memory Jira (`src/jira/in-memory`, seeded with the fixed site of `seed.ts` through
 * `jira-state.ts`), which answers the REST v3 endpoints issue-shepherd uses. Every
 * request is recorded and checked against the contract (method, path template, query, JSON body);
 * a request that departs from it is answered 400 and listed in `violations`. Answers are checked
 * against the documented response schemas too. Faults (429 with Retry-After, 5xx) can be queued.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Contract } from "./contract.ts";
import { JiraError, JiraState, type StoredIssue } from "./jira-state.ts";
import { type SeedIssue, USERS } from "./seed.ts";

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  operationId: string;
  authorization: string | undefined;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Only requests this predicate accepts get the fault. */
  when?: (request: RecordedRequest) => boolean;
  /**
   * A raw answer: the request is handled as usual, then this turns the answer's body into what is
   * sent with `status` (not checked against the contract) — for malformed or incomplete answers.
   */
  rewrite?: (body: unknown) => unknown;
}

export interface FakeJiraOptions {
  issues?: SeedIssue[];
  now?: () => number;
  /** Milliseconds each request waits before it is handled (or a function, for jitter): a round trip. */
  latencyMs?: number | (() => number);
  /** Comments and histories embedded in GET /issue and search answers (Jira: up to 100). */
  embedPage?: number;
  /** Issues per search page at most (Jira lowers maxResults when many fields are asked for). */
  searchPage?: number;
  /** The credentials the fake accepts; anything else is 401. */
  email?: string;
  apiToken?: string;
  /** Validate answers against the contract's response schemas (default true). */
  checkResponses?: boolean;
}

export interface FakeJira {
  url: string;
  state: JiraState;
  requests: RecordedRequest[];
  violations: string[];
  /** Queue faults: each is used by the next matching request. */
  fail(...faults: Fault[]): void;
  /** Requests other than GET (the writes). */
  writes(): RecordedRequest[];
  issue(key: string): StoredIssue;
  close(): Promise<void>;
}

const CONTRACT = Contract.load();

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

export async function startFakeJira(options: FakeJiraOptions = {}): Promise<FakeJira> {
  const state = new JiraState(options.now ?? Date.now, { embedPage: options.embedPage ?? 100, searchPage: options.searchPage ?? 50 });
  for (const seed of options.issues ?? []) state.add(seed);
  const expectedAuth = `Basic ${Buffer.from(`${options.email ?? USERS.bot.emailAddress}:${options.apiToken ?? "test-api-token"}`).toString("base64")}`;
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const faults: Fault[] = [];
  const checkResponses = options.checkResponses ?? true;

  /** The in-memory Jira's answer, after the fake's own JQL check (Jira's wording for a refused query). */
  // A query Jira would refuse is refused by the in-memory Jira itself, in Jira's wording.
  function route(request: RecordedRequest): { status: number; body?: unknown } {
    return state.jira.handle({ method: request.method, path: request.path, query: request.query, body: request.body });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const latency = typeof options.latencyMs === "function" ? options.latencyMs() : (options.latencyMs ?? 0);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    let body: unknown;
    if (raw !== "") {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        body = raw;
      }
    }
    const match = CONTRACT.match(req.method ?? "GET", url.pathname);
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      body,
      operationId: match?.operationId ?? "?",
      authorization: req.headers.authorization,
    };
    requests.push(recorded);
    const send = (status: number, answer?: unknown, headers: Record<string, string> = {}): void => {
      if (checkResponses && status < 300) violations.push(...CONTRACT.checkResponse(recorded.method, recorded.path, status, answer));
      const text = answer === undefined ? "" : JSON.stringify(answer);
      res.writeHead(status, { ...(text === "" ? {} : { "content-type": "application/json;charset=UTF-8" }), ...headers });
      res.end(text);
    };
    const problems = CONTRACT.checkRequest({ method: recorded.method, url: req.url ?? "/", contentType: req.headers["content-type"], body });
    if (problems.length > 0) {
      violations.push(...problems);
      send(400, { errorMessages: problems, errors: {} });
      return;
    }
    if (req.headers.authorization !== expectedAuth) {
      send(401, { errorMessages: ["Client must be authenticated to access this resource."], errors: {} });
      return;
    }
    const faultIndex = faults.findIndex((fault) => fault.when === undefined || fault.when(recorded));
    if (faultIndex !== -1) {
      const [fault] = faults.splice(faultIndex, 1);
      if (fault?.rewrite !== undefined) {
        let real: unknown;
        try {
          real = route(recorded).body;
        } catch (error) {
          real = error instanceof JiraError ? error.body : undefined;
        }
        const text = JSON.stringify(fault.rewrite(real === undefined ? undefined : JSON.parse(JSON.stringify(real))) ?? null);
        res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
        res.end(text);
        return;
      }
      if (fault !== undefined) {
        res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
        res.end(JSON.stringify(fault.body ?? { errorMessages: [`injected ${fault.status}`], errors: {} }));
        return;
      }
    }
    try {
      const { status, body: answer } = route(recorded);
      send(status, answer);
    } catch (error) {
      if (error instanceof JiraError) send(error.status, error.body);
      else send(500, { errorMessages: [String(error)], errors: {} });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    violations,
    fail: (...more) => faults.push(...more),
    writes: () => requests.filter((request) => request.method !== "GET" && request.operationId !== "searchAndReconsileIssuesUsingJqlPost"),
    issue: (key) => state.get(key),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
