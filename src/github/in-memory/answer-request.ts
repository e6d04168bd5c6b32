/**
 * One request to the in-memory GitHub, answered as GitHub answers it: REST under the REST base,
 * POST /graphql executed against GitHub's schema, with GitHub's status codes, error bodies and
 * rate-limit headers (a local GitHub never runs out: the limits are always full).
 */
import { loadGithubSchema } from "./github-schema.ts";
import { handleAppRest } from "./app-routes.ts";
import { GraphqlDocuments } from "./graphql-documents.ts";
import { graphqlRoot, InMemoryGraphqlError } from "./graphql-root.ts";
import type { InMemoryGitHubState } from "./in-memory-state.ts";
import { handleRest } from "./rest-routes.ts";

export interface InMemoryRequest {
  method: string;
  /** The path under the REST base (`/repos/…`), or `/graphql`. */
  path: string;
  /** The whole URL (its query string, and the base of Link headers). */
  url: URL;
  /** The parsed JSON body, if any. */
  body: unknown;
  /** The Authorization header: checked when the GitHub has an App (`state.app`). */
  authorization?: string | undefined;
}

export interface InMemoryAnswer {
  status: number;
  /** The JSON body; undefined for none (204). */
  body: unknown;
  headers: Record<string, string>;
  /** POST /graphql: the operation's name, when it has one. */
  operation?: string | undefined;
  /**
   * GraphQL errors that are not answers GitHub gives (the schema refusing the query, a field this
   * GitHub does not answer): a fault of the query, not of the data.
   */
  faults: string[];
}

const LIMIT = 5000;

function rateHeaders(state: InMemoryGitHubState, resource: string): Record<string, string> {
  return {
    "x-ratelimit-limit": String(LIMIT),
    "x-ratelimit-remaining": String(LIMIT),
    "x-ratelimit-used": "0",
    "x-ratelimit-reset": String(Math.floor(state.now() / 1000) + 3600),
    "x-ratelimit-resource": resource,
  };
}

/** The answerer of a state; `base` is the REST base URL that Link headers point to. */
export function createAnswerer(state: InMemoryGitHubState): (request: InMemoryRequest, base: string) => Promise<InMemoryAnswer> {
  let root: object | undefined;
  let documents: Promise<GraphqlDocuments> | undefined;
  return async (request, base) => {
    state.request += 1;
    const { method, path, url, body } = request;
    // With an App: its own endpoints, and what an installation token may reach.
    const appAnswer = state.app === undefined ? undefined : handleAppRest(state.app, method, path, url, request.authorization, base);
    if (appAnswer !== undefined) return { status: appAnswer.status, body: appAnswer.body, headers: { ...rateHeaders(state, "core"), ...appAnswer.headers }, faults: [] };
    if (method === "POST" && path === "/graphql") {
      const { query, variables, operationName } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown>; operationName?: string };
      const source = typeof query === "string" ? query : "";
      const operation = operationName ?? /(?:query|mutation)\s+(\w+)/.exec(source)?.[1];
      root ??= graphqlRoot(state);
      // Loaded with the schema on the first GraphQL request, not when this module is imported.
      documents ??= Promise.all([import("graphql"), loadGithubSchema()]).then(([graphql, schema]) => new GraphqlDocuments(graphql, schema));
      const executed = await (await documents).run(source, root, variables ?? null, operationName ?? null);
      const ours = (error: { originalError?: unknown }) => error.originalError instanceof InMemoryGraphqlError;
      const faults = (executed.errors ?? []).filter((e) => !ours(e)).map((e) => e.message);
      // GitHub's errors carry a `type` (NOT_FOUND, FORBIDDEN, …) beside the message and path.
      const result =
        executed.errors === undefined
          ? executed
          : { ...executed, errors: executed.errors.map((e) => ({ ...e.toJSON(), ...(e.originalError instanceof InMemoryGraphqlError ? { type: e.originalError.type } : {}) })) };
      // Serialised once, by whoever sends the answer (graphql-js's objects serialise as plain ones).
      return { status: 200, body: result, headers: rateHeaders(state, "graphql"), operation, faults };
    }
    if (method === "GET" && path === "/rate_limit") {
      const core = { limit: LIMIT, remaining: LIMIT, reset: Math.floor(state.now() / 1000) + 3600, used: 0 };
      return { status: 200, body: { resources: { core, graphql: core, search: core }, rate: core }, headers: {}, faults: [] };
    }
    const answer = handleRest(state, method, path, url, body, base);
    return { status: answer.status, body: answer.body, headers: { ...rateHeaders(state, "core"), ...answer.headers }, faults: [] };
  };
}
