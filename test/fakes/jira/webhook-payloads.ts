/**
 * Jira Cloud webhook deliveries built from the fake site's state, in the shapes Jira sends
 * (https://developer.atlassian.com/cloud/jira/platform/webhooks/): issue events carry `user`,
 * `issue` (with fields), `issue_event_type_name` and a `changelog`; comment events carry
 * `comment` (body as wiki text) and a trimmed `issue`. Signed as Jira signs admin webhooks.
 */
import { randomUUID } from "node:crypto";
import { signBody } from "../../../src/jira/webhook/verify-signature.ts";
import type { JiraState, StoredComment } from "./jira-state.ts";
import { jiraTime, type SeedUser, SITE, userJson } from "./seed.ts";

export interface Delivery {
  body: string;
  headers: Record<string, string>;
  id: string;
}

function issueJson(state: JiraState, key: string, trimmed: boolean): Record<string, unknown> {
  const issue = state.get(key);
  const { comment: _comment, ...fields } = issue.fields;
  const kept = trimmed
    ? Object.fromEntries(Object.entries(fields).filter(([name]) => ["summary", "issuetype", "project", "assignee", "priority", "status"].includes(name)))
    : fields;
  return { id: issue.id, self: `${SITE}/rest/api/2/${issue.id}`, key: issue.key, fields: kept };
}

function commentJson(state: JiraState, key: string, comment: StoredComment): Record<string, unknown> {
  const issue = state.get(key);
  return {
    self: `${SITE}/rest/api/2/issue/${issue.id}/comment/${comment.id}`,
    id: comment.id,
    author: userJson(comment.author),
    body: "(comment text in wiki markup)",
    updateAuthor: userJson(comment.author),
    created: jiraTime(comment.created),
    updated: jiraTime(comment.updated),
    jsdPublic: comment.jsdPublic,
  };
}

export function issueEvent(
  state: JiraState,
  key: string,
  event: "jira:issue_created" | "jira:issue_updated",
  options: { user: SeedUser; type?: string; items?: Record<string, unknown>[]; comment?: StoredComment; timestamp?: number },
): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    timestamp: options.timestamp ?? state.now(),
    webhookEvent: event,
    issue_event_type_name: options.type ?? (event === "jira:issue_created" ? "issue_created" : "issue_updated"),
    user: userJson(options.user),
    issue: issueJson(state, key, false),
  };
  if (options.items !== undefined) payload.changelog = { id: state.nextId(), items: options.items };
  if (options.comment !== undefined) payload.comment = commentJson(state, key, options.comment);
  return payload;
}

export function commentEvent(
  state: JiraState,
  key: string,
  event: "comment_created" | "comment_updated" | "comment_deleted",
  comment: StoredComment,
  timestamp?: number,
): Record<string, unknown> {
  return { timestamp: timestamp ?? state.now(), webhookEvent: event, comment: commentJson(state, key, comment), issue: issueJson(state, key, true) };
}

/** Sign a payload as Jira does; `id` is the X-Atlassian-Webhook-Identifier (new unless given). */
export function signed(secret: string, payload: unknown, id: string = randomUUID()): Delivery {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  return {
    body,
    id,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-hub-signature": signBody(secret, body),
      "x-atlassian-webhook-identifier": id,
      "user-agent": "Atlassian Webhook HTTP Client",
    },
  };
}
