/**
 * A Jira Cloud site in memory, answering the REST v3 endpoints issue-shepherd uses through a
 * `fetch` that never opens a socket: the real Jira adapter (`createJiraTracker`) runs over it
 * unchanged. Its issues live in an issue store in their REST shape — a Map for tests, a snapshot
 * file for the snapshot tracker — and its catalog (users, fields, statuses, transitions,
 * priorities) comes from the caller: a fixed test site, or what a snapshot's header and issues
 * carry (`jiraEntryFormat.catalog`).
 */
import type { IssueStore } from "../../core/issue-store.ts";
import { createEndpoints, type JiraAnswer, type JiraRequest } from "./endpoints.ts";
import type { JiraSite } from "./site.ts";
import { JiraSiteState } from "./site-state.ts";
import type { JiraSnapshotIssue } from "./snapshot-types.ts";

export interface InMemoryJiraOptions {
  store: IssueStore<JiraSnapshotIssue>;
  site: JiraSite;
  /** The accountId the caller is (`/myself`): author of every change and comment it makes. */
  me: string;
  /** The clock written on changes (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** Comments and histories embedded in issue and search answers. Default 100, as Jira. */
  embedPage?: number;
  /** Issues per search page at most. Default 100. */
  searchPage?: number;
}

export interface InMemoryJira {
  /** Answers requests to the site in-process, as Jira Cloud does. */
  fetch: typeof globalThis.fetch;
  /** The site's base URL, for the adapter's `baseUrl`. */
  url: string;
  state: JiraSiteState;
  /** One request, already parsed: the same answers `fetch` gives, without HTTP. */
  handle(request: JiraRequest): JiraAnswer;
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function bodyText(input: Request | undefined, init: RequestInit | undefined): Promise<string> {
  if (init?.body !== undefined && init.body !== null) return typeof init.body === "string" ? init.body : await new Response(init.body).text();
  return input === undefined ? "" : await input.text();
}

/** Create the site over its store. */
export function createInMemoryJira(options: InMemoryJiraOptions): InMemoryJira {
  const state = new JiraSiteState({ store: options.store, site: options.site, me: options.me, now: options.now ?? Date.now });
  const handle = createEndpoints(state, { embedPage: options.embedPage ?? 100, searchPage: options.searchPage ?? 100 });
  const base = new URL(options.site.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");

  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request?.url ?? (input instanceof URL ? input.href : input));
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    if (url.host !== base.host) throw new TypeError(`fetch failed: ${url.host} is not the in-memory Jira ${base.host}`);
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || "/" : url.pathname;
    const answer = handle({ method, path, query: url.searchParams, body: parseBody(await bodyText(request, init)) });
    const text = answer.body === undefined ? null : JSON.stringify(answer.body);
    return new Response(answer.status === 204 ? null : text, {
      status: answer.status,
      headers: text === null ? {} : { "content-type": "application/json;charset=UTF-8" },
    });
  };

  return { fetch, url: base.origin + basePath, state, handle };
}
