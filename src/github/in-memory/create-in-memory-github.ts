/**
 * A GitHub in memory: one repository whose issues live in an issue store, answering the REST and
 * GraphQL requests the adapter makes through a `fetch` that never opens a socket. The real
 * adapter (createOctokit with this `fetch`, createGitHubTracker) runs over it unchanged, so a
 * snapshot is read and written with the live GitHub's semantics.
 */
import type { IssueStore } from "../../core/issue-store.ts";
import type { RestUser } from "../rest-types.ts";
import { createAnswerer, type InMemoryAnswer, type InMemoryRequest } from "./answer-request.ts";
import type { GithubCatalog, InMemoryIssueField } from "./github-catalog.ts";
import { InMemoryGitHubState } from "./in-memory-state.ts";
import type { ListingRow } from "./issue-listing.ts";
import type { GithubSnapshotEntry } from "./snapshot-entry.ts";

export interface InMemoryGitHubOptions {
  store: IssueStore<GithubSnapshotEntry>;
  /** `OWNER/REPO`. */
  repository: string;
  /** The account the token acts as: the author of every write, GraphQL's `viewer`. */
  viewer: RestUser;
  /** The clock that stamps writes; default Date.now. */
  now?: () => number;
  /** What the store's entries hold together (a snapshot store folds it while indexing); folded over the store when absent. */
  catalog?: GithubCatalog;
  /** The owner's issue fields; default the catalog's. */
  issueFields?: InMemoryIssueField[];
  /** The owner's issue type names; default the catalog's. */
  issueTypes?: string[];
  /** Labels the repository has besides those on its issues. */
  labels?: readonly string[];
  /** Default Organization. */
  ownerType?: "User" | "Organization";
  /** The origin of `url` and `graphqlUrl`; default https://github.in-memory.invalid. */
  origin?: string;
  /**
   * Each issue's listing row (`githubListingRow`) as the store keeps it, so that listing reads no
   * entry; every entry is read for its row when absent.
   */
  listingRows?: (key: string) => ListingRow | undefined;
}

export interface InMemoryGitHub {
  /** Answers REST and POST /graphql requests to `url` and `graphqlUrl`, in-process. */
  readonly fetch: typeof globalThis.fetch;
  /** The REST base URL (laid out as on Enterprise Server: `/api/v3`). */
  readonly url: string;
  readonly graphqlUrl: string;
  readonly state: InMemoryGitHubState;
  /** Answer one parsed request, as `fetch` does (for servers that wrap this GitHub). */
  answer(request: InMemoryRequest, base?: string): Promise<InMemoryAnswer>;
}

const PREFIX = "/api/v3";
const GRAPHQL = "/api/graphql";

/** The path a request URL names under the REST base, `/graphql`, or undefined for neither. */
export function githubPath(url: URL): string | undefined {
  if (url.pathname === GRAPHQL) return "/graphql";
  if (url.pathname === PREFIX || url.pathname.startsWith(`${PREFIX}/`)) return url.pathname.slice(PREFIX.length);
  return undefined;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(body === undefined || status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });

/** The `fetch` of an answerer: parses the request and turns the answer into a Response. */
export function fetchOf(answer: (request: InMemoryRequest, base: string) => Promise<InMemoryAnswer>, origin: string): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const path = url.origin === new URL(origin).origin ? githubPath(url) : undefined;
    if (path === undefined) return json(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    const text = await request.text();
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      return json(400, { message: "Problems parsing JSON", documentation_url: "https://docs.github.com/rest" });
    }
    const authorization = request.headers.get("authorization") ?? undefined;
    const answered = await answer({ method: request.method.toUpperCase(), path, url, body, authorization }, `${url.origin}${PREFIX}`);
    return json(answered.status, answered.body, answered.headers);
  };
}

/** A GitHub in memory over one repository's store. */
export function createInMemoryGitHub(options: InMemoryGitHubOptions): InMemoryGitHub {
  const state = new InMemoryGitHubState({ viewer: options.viewer, ...(options.now === undefined ? {} : { now: options.now }) });
  state.addRepository({
    repository: options.repository,
    store: options.store,
    ...(options.catalog === undefined ? {} : { catalog: options.catalog }),
    ...(options.issueFields === undefined ? {} : { issueFields: options.issueFields }),
    ...(options.issueTypes === undefined ? {} : { issueTypes: options.issueTypes }),
    ...(options.labels === undefined ? {} : { labels: options.labels }),
    ...(options.ownerType === undefined ? {} : { ownerType: options.ownerType }),
    ...(options.listingRows === undefined ? {} : { listingRows: options.listingRows }),
  });
  const origin = (options.origin ?? "https://github.in-memory.invalid").replace(/\/+$/, "");
  const answer = createAnswerer(state);
  return {
    fetch: fetchOf(answer, origin),
    url: `${origin}${PREFIX}`,
    graphqlUrl: `${origin}${GRAPHQL}`,
    state,
    answer: (request, base = `${origin}${PREFIX}`) => answer(request, base),
  };
}
