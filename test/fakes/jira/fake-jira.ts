/**
 * A local Jira Cloud for tests and the benchmark: a node:http server on 127.0.0.1 implementing
 * the REST v3 endpoints issue-shepherd uses, over the in-memory site of `jira-state.ts`. Every
 * request is recorded and checked against the contract (method, path template, query, JSON body);
 * a request that departs from it is answered 400 and listed in `violations`. Answers are checked
 * against the documented response schemas too. Faults (429 with Retry-After, 5xx) can be queued.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Contract } from "./contract.ts";
import { JiraError, JiraState, type StoredIssue } from "./jira-state.ts";
import { jqlProblem } from "./jql-check.ts";
import { type SeedIssue, USERS, userJson } from "./seed.ts";

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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

const list = (query: URLSearchParams, name: string): string[] => query.getAll(name).flatMap((value) => value.split(",")).filter((value) => value !== "");

export async function startFakeJira(options: FakeJiraOptions = {}): Promise<FakeJira> {
  const state = new JiraState(options.now ?? Date.now);
  for (const seed of options.issues ?? []) state.add(seed);
  const embedPage = options.embedPage ?? 100;
  const searchPage = options.searchPage ?? 50;
  const expectedAuth = `Basic ${Buffer.from(`${options.email ?? USERS.bot.emailAddress}:${options.apiToken ?? "test-api-token"}`).toString("base64")}`;
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const faults: Fault[] = [];
  const checkResponses = options.checkResponses ?? true;

  function route(request: RecordedRequest, params: Record<string, string>): { status: number; body?: unknown } {
    const { query, body } = request;
    const issue = (): StoredIssue => state.get(params.issueIdOrKey ?? "");
    const obj = isRecord(body) ? body : {};
    switch (request.operationId) {
      case "getCurrentUser":
        return { status: 200, body: userJson(state.me) };
      case "getFields":
        return { status: 200, body: state.allFields() };
      case "getStatuses":
        return { status: 200, body: state.allStatuses() };
      case "getIssue":
        return { status: 200, body: state.issueJson(issue(), { changelog: list(query, "expand").includes("changelog"), properties: list(query, "properties"), page: embedPage }) };
      case "getChangeLogs": {
        const target = issue();
        const startAt = Number(query.get("startAt") ?? 0);
        const maxResults = Math.min(100, Number(query.get("maxResults") ?? 100));
        const values = target.histories.slice(startAt, startAt + maxResults).map((history) => state.historyJson(history));
        return { status: 200, body: { startAt, maxResults, total: target.histories.length, isLast: startAt + values.length >= target.histories.length, values } };
      }
      case "getComments": {
        const target = issue();
        const startAt = Number(query.get("startAt") ?? 0);
        const maxResults = Math.min(100, Number(query.get("maxResults") ?? 100));
        const withProperties = list(query, "expand").includes("properties");
        // Oldest first unless asked for `-created`, as Jira orders them.
        const ordered = query.get("orderBy") === "-created" ? [...target.comments].reverse() : target.comments;
        const comments = ordered.slice(startAt, startAt + maxResults).map((comment) => state.commentJson(target, comment, withProperties));
        return { status: 200, body: { startAt, maxResults, total: target.comments.length, comments } };
      }
      case "addComment": {
        const target = issue();
        const properties = Array.isArray(obj.properties) ? (obj.properties as { key: string; value: unknown }[]) : [];
        return { status: 201, body: state.commentJson(target, state.addComment(target, obj.body, properties), false) };
      }
      case "updateComment": {
        const target = issue();
        const comment = target.comments.find((candidate) => candidate.id === params.id);
        if (comment === undefined) throw new JiraError(404, ["Can not find a comment for the id."]);
        if (!isRecord(obj.body) || obj.body.type !== "doc") throw new JiraError(400, [], { comment: "Comment body is not valid!" });
        comment.body = obj.body;
        comment.updated = state.now();
        if (Array.isArray(obj.properties)) {
          for (const property of obj.properties as { key: string; value: unknown }[]) {
            comment.properties = [...comment.properties.filter((existing) => existing.key !== property.key), property];
          }
        }
        return { status: 200, body: state.commentJson(target, comment, false) };
      }
      case "deleteComment": {
        const target = issue();
        const index = target.comments.findIndex((candidate) => candidate.id === params.id);
        if (index === -1) throw new JiraError(404, ["Can not find a comment for the id."]);
        target.comments.splice(index, 1);
        return { status: 204 };
      }
      case "editIssue": {
        const target = issue();
        const update = isRecord(obj.update) ? obj.update : {};
        for (const [field, operations] of Object.entries(update)) {
          if (field !== "labels") throw new JiraError(400, [], { [field]: `Field '${field}' cannot be updated this way in the fake.` });
          let labels = [...((target.fields.labels as string[] | undefined) ?? [])];
          for (const operation of Array.isArray(operations) ? operations : []) {
            if (!isRecord(operation)) continue;
            if (typeof operation.add === "string") labels = [...labels, operation.add];
            if (typeof operation.remove === "string") labels = labels.filter((label) => label !== operation.remove);
            if (Array.isArray(operation.set)) labels = operation.set.map(String);
          }
          state.setLabels(target, labels);
        }
        for (const [field, value] of Object.entries(isRecord(obj.fields) ? obj.fields : {})) state.setField(target, field, value);
        return { status: 204 };
      }
      case "assignIssue":
        state.assign(issue(), typeof obj.accountId === "string" ? obj.accountId : null);
        return { status: 204 };
      case "getTransitions":
        return { status: 200, body: { transitions: state.transitionsFor(issue()) } };
      case "doTransition": {
        const transition = isRecord(obj.transition) ? obj.transition : {};
        const fields = isRecord(obj.fields) ? obj.fields : {};
        const resolution = isRecord(fields.resolution) && typeof fields.resolution.name === "string" ? fields.resolution.name : undefined;
        state.transition(issue(), String(transition.id), resolution);
        return { status: 204 };
      }
      case "getIssueProperty": {
        const target = issue();
        const key = params.propertyKey ?? "";
        if (!target.properties.has(key)) throw new JiraError(404, [`The property with key '${key}' does not exist.`]);
        return { status: 200, body: { key, value: target.properties.get(key) } };
      }
      case "setIssueProperty": {
        const target = issue();
        const key = params.propertyKey ?? "";
        if (JSON.stringify(body).length > 32_768) throw new JiraError(400, ["The property value is too long."]);
        const existed = target.properties.has(key);
        target.properties.set(key, body);
        return { status: existed ? 200 : 201 };
      }
      case "searchAndReconsileIssuesUsingJqlPost":
      case "searchAndReconsileIssuesUsingJql": {
        const post = request.operationId.endsWith("Post");
        const jql = String(post ? obj.jql : query.get("jql") ?? "");
        const problem = jqlProblem(jql);
        if (problem !== undefined) throw new JiraError(400, [problem]);
        const token = post ? obj.nextPageToken : query.get("nextPageToken");
        const start = typeof token === "string" ? Number(Buffer.from(token, "base64url").toString("utf8")) : 0;
        const max = Math.min(searchPage, Number(post ? (obj.maxResults ?? 50) : (query.get("maxResults") ?? 50)));
        const expandValue = post ? obj.expand : query.get("expand");
        const expand = typeof expandValue === "string" ? expandValue.split(",") : [];
        const properties = post ? (Array.isArray(obj.properties) ? obj.properties.map(String) : []) : list(query, "properties");
        const project = /project\s*=\s*"?(\w+)"?/i.exec(jql)?.[1];
        const openOnly = /statusCategory\s*!=\s*Done(?!\s+OR\b)/i.test(jql);
        const matching = [...state.issues.values()].filter(
          (candidate) => (project === undefined || candidate.key.startsWith(`${project}-`)) && (!openOnly || state.statusCategoryOf(candidate) !== "done"),
        );
        const page = matching.slice(start, start + max).map((candidate) => state.issueJson(candidate, { changelog: expand.includes("changelog"), properties, page: embedPage }));
        const next = start + page.length;
        return {
          status: 200,
          body: next < matching.length ? { issues: page, nextPageToken: Buffer.from(String(next)).toString("base64url"), isLast: false } : { issues: page, isLast: true },
        };
      }
      default:
        throw new JiraError(501, [`the fake does not implement ${request.operationId}`]);
    }
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
          real = route(recorded, match?.params ?? {}).body;
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
      const { status, body: answer } = route(recorded, match?.params ?? {});
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
