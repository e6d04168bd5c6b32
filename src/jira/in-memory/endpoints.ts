/**
 * The REST v3 endpoints issue-shepherd uses, answered from the in-memory site as Jira Cloud
 * answers them: status codes, `{ errorMessages, errors }` bodies, embedded first pages, paging.
 */
import { JiraError } from "./jira-error.ts";
import { isRecord } from "../../core/json-checks.ts";
import { changelogPage, commentJson, commentPage, issueJson } from "./render.ts";
import { SearchCursors } from "./search.ts";
import { createJiraIssue } from "./issue-creation.ts";
import type { EntityProperty, JiraSiteState } from "./site-state.ts";

export interface JiraRequest {
  method: string;
  /** The path under the site, e.g. `/rest/api/3/issue/SUP-1`. */
  path: string;
  query: URLSearchParams;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
}

export interface JiraAnswer {
  status: number;
  body?: unknown;
}

export interface EndpointOptions {
  /** Comments and histories embedded in issue answers (Jira: up to 100). */
  embedPage: number;
  /** Issues per search page at most. */
  searchPage: number;
}

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  operation: string;
}

const ROUTES: Route[] = [
  ["GET", "/rest/api/3/myself", "getCurrentUser"],
  ["GET", "/rest/api/3/field", "getFields"],
  ["GET", "/rest/api/3/status", "getStatuses"],
  ["GET", "/rest/api/3/search/jql", "search"],
  ["POST", "/rest/api/3/search/jql", "search"],
  ["POST", "/rest/api/3/issue", "createIssue"],
  ["GET", "/rest/api/3/issue/{issueIdOrKey}", "getIssue"],
  ["PUT", "/rest/api/3/issue/{issueIdOrKey}", "editIssue"],
  ["PUT", "/rest/api/3/issue/{issueIdOrKey}/assignee", "assignIssue"],
  ["GET", "/rest/api/3/issue/{issueIdOrKey}/changelog", "getChangeLogs"],
  ["GET", "/rest/api/3/issue/{issueIdOrKey}/comment", "getComments"],
  ["POST", "/rest/api/3/issue/{issueIdOrKey}/comment", "addComment"],
  ["PUT", "/rest/api/3/issue/{issueIdOrKey}/comment/{id}", "updateComment"],
  ["DELETE", "/rest/api/3/issue/{issueIdOrKey}/comment/{id}", "deleteComment"],
  ["GET", "/rest/api/3/issue/{issueIdOrKey}/transitions", "getTransitions"],
  ["POST", "/rest/api/3/issue/{issueIdOrKey}/transitions", "doTransition"],
  ["GET", "/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}", "getIssueProperty"],
  ["PUT", "/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}", "setIssueProperty"],
].map(([method = "", template = "", operation = ""]) => {
  const names: string[] = [];
  const source = template.replace(/\{([^}]+)\}/g, (_all, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { method, pattern: new RegExp(`^${source}/?$`), names, operation };
});

/** The route of a request and its path parameters, or undefined. */
function route(method: string, path: string): { operation: string; params: Record<string, string> } | undefined {
  for (const candidate of ROUTES) {
    if (candidate.method !== method.toUpperCase()) continue;
    const match = candidate.pattern.exec(path);
    if (match === null) continue;
    const params: Record<string, string> = {};
    candidate.names.forEach((name, index) => {
      params[name] = decodeURIComponent(match[index + 1] ?? "");
    });
    return { operation: candidate.operation, params };
  }
  return undefined;
}

const list = (query: URLSearchParams, name: string): string[] => query.getAll(name).flatMap((value) => value.split(",")).filter((value) => value !== "");

const count = (value: unknown, fallback: number, name: string): number => {
  if (value === undefined || value === null || value === "") return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new JiraError(400, [`The '${name}' parameter must be a non-negative integer.`]);
  return number;
};

const propertiesOf = (value: unknown): EntityProperty[] =>
  Array.isArray(value) ? value.filter(isRecord).map((property) => ({ key: String(property.key), value: property.value })) : [];

/** Answer the site's endpoints; a refusal is Jira's status and error body. */
export function createEndpoints(state: JiraSiteState, options: EndpointOptions): (request: JiraRequest) => JiraAnswer {
  const cursors = new SearchCursors();

  function answer(request: JiraRequest): JiraAnswer {
    const found = route(request.method, request.path);
    if (found === undefined) throw new JiraError(404, [`No ${request.method} ${request.path} on this site.`]);
    const { query, body } = request;
    const obj = isRecord(body) ? body : {};
    const key = found.params.issueIdOrKey ?? "";
    switch (found.operation) {
      case "getCurrentUser":
        return { status: 200, body: state.userJson(state.me) };
      case "getFields":
        return { status: 200, body: state.site.fields.map((field) => state.json.field(field)) };
      case "getStatuses":
        return { status: 200, body: state.site.statuses.map((status) => state.json.status(status)) };
      case "createIssue":
        return { status: 201, body: createJiraIssue(state, obj) };
      case "getIssue":
        return { status: 200, body: issueJson(state.json, state.get(key), { changelog: list(query, "expand").includes("changelog"), properties: list(query, "properties"), page: options.embedPage }) };
      case "getChangeLogs":
        return { status: 200, body: changelogPage(state.get(key), count(query.get("startAt"), 0, "startAt"), Math.min(100, count(query.get("maxResults"), 100, "maxResults"))) };
      case "getComments":
        return {
          status: 200,
          body: commentPage(state.json, state.get(key), {
            startAt: count(query.get("startAt"), 0, "startAt"),
            maxResults: Math.min(100, count(query.get("maxResults"), 100, "maxResults")),
            newestFirst: query.get("orderBy") === "-created",
            withProperties: list(query, "expand").includes("properties"),
          }),
        };
      case "addComment":
        return { status: 201, body: commentJson(state.json, state.get(key), state.addComment(key, obj.body, propertiesOf(obj.properties)), false) };
      case "updateComment": {
        const comment = state.updateComment(key, found.params.id ?? "", obj.body, Array.isArray(obj.properties) ? propertiesOf(obj.properties) : undefined);
        return { status: 200, body: commentJson(state.json, state.get(key), comment, false) };
      }
      case "deleteComment":
        state.deleteComment(key, found.params.id ?? "");
        return { status: 204 };
      case "editIssue":
        state.editIssue(key, obj);
        return { status: 204 };
      case "assignIssue":
        state.assign(key, typeof obj.accountId === "string" ? obj.accountId : null);
        return { status: 204 };
      case "getTransitions":
        return { status: 200, body: { transitions: state.transitionsJson(key) } };
      case "doTransition": {
        const transition = isRecord(obj.transition) ? obj.transition : {};
        const fields = isRecord(obj.fields) ? obj.fields : {};
        const resolution = isRecord(fields.resolution) && typeof fields.resolution.name === "string" ? fields.resolution.name : undefined;
        state.transition(key, String(transition.id), resolution);
        return { status: 204 };
      }
      case "getIssueProperty": {
        const name = found.params.propertyKey ?? "";
        return { status: 200, body: { key: name, value: state.property(key, name) } };
      }
      case "setIssueProperty":
        return { status: state.setProperty(key, found.params.propertyKey ?? "", body) ? 200 : 201 };
      default: {
        const post = request.method.toUpperCase() === "POST";
        const sent = post ? obj.jql : query.get("jql");
        const jql = typeof sent === "string" ? sent : "";
        const token = post ? obj.nextPageToken : query.get("nextPageToken");
        const max = Math.min(options.searchPage, count(post ? obj.maxResults : query.get("maxResults"), 50, "maxResults"));
        const expandValue = post ? obj.expand : query.get("expand");
        const expand = typeof expandValue === "string" ? expandValue.split(",") : [];
        const properties = post ? (Array.isArray(obj.properties) ? obj.properties.map(String) : []) : list(query, "properties");
        const page = cursors.page(state, jql, typeof token === "string" && token !== "" ? token : undefined, Math.max(1, max));
        const issues = page.keys.flatMap((hit) => {
          const entry = state.store.get(hit);
          return entry === undefined ? [] : [issueJson(state.json, entry, { changelog: expand.includes("changelog"), properties, page: options.embedPage })];
        });
        return { status: 200, body: page.nextPageToken === undefined ? { issues, isLast: true } : { issues, nextPageToken: page.nextPageToken, isLast: false } };
      }
    }
  }

  return (request) => {
    try {
      return answer(request);
    } catch (error) {
      if (error instanceof JiraError) return { status: error.status, body: error.body };
      throw error;
    }
  };
}
