/**
 * A Jira webhook body → what the server needs to know: which issue it is about and who caused it.
 * Parsed permissively (only the fields used): the issue itself is
 * re-fetched before acting, since deliveries are at-least-once and unordered, so nothing else of
 * the payload is trusted. Never throws: malformed input is a value.
 */

/** The events that can change what the rules want of an issue. */
export const HANDLED_EVENTS = new Set([
  "jira:issue_created",
  "jira:issue_updated",
  "comment_created",
  "comment_updated",
  "comment_deleted",
]);

export interface IssueDelivery {
  kind: "issue";
  /** `webhookEvent`, e.g. `jira:issue_updated`. */
  event: string;
  /** `issue_event_type_name` of issue events, e.g. `issue_commented`. */
  issueEventType?: string;
  /** The issue key (or its id when the payload has no key). */
  issue: string;
  /** Who caused the event: `user`, else the comment's (update) author. */
  actor?: string;
  commentId?: string;
  /** `timestamp` of the event (epoch ms), when present. */
  timestamp?: number;
  /** Fields named in the changelog of an update (`labels`, `status`, …). */
  changed: string[];
}

export type ParsedDelivery =
  | IssueDelivery
  | { kind: "ignored"; event: string; reason: string }
  | { kind: "malformed"; error: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined => {
  if (typeof value === "string" && value !== "") return value;
  return typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
};

const accountOf = (user: unknown): string | undefined => (isRecord(user) ? text(user.accountId) : undefined);

/** Parse the raw body of a delivery whose signature has been checked. */
export function parseDelivery(body: Uint8Array): ParsedDelivery {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"));
  } catch {
    return { kind: "malformed", error: "the body is not valid JSON" };
  }
  if (!isRecord(payload)) return { kind: "malformed", error: "the body is not a JSON object" };
  const event = text(payload.webhookEvent);
  if (event === undefined) return { kind: "malformed", error: "the body has no webhookEvent" };
  if (!HANDLED_EVENTS.has(event)) return { kind: "ignored", event, reason: "unsupported_event" };

  const issue = isRecord(payload.issue) ? payload.issue : undefined;
  const key = text(issue?.key) ?? text(issue?.id);
  if (key === undefined) return { kind: "malformed", error: `a ${event} delivery without issue.key` };
  if (!/^[A-Za-z0-9][A-Za-z0-9_]*-\d+$|^\d+$/.test(key)) return { kind: "malformed", error: "issue.key is not an issue key" };

  const comment = isRecord(payload.comment) ? payload.comment : undefined;
  const delivery: IssueDelivery = { kind: "issue", event, issue: key.toUpperCase(), changed: [] };
  const issueEventType = text(payload.issue_event_type_name);
  if (issueEventType !== undefined) delivery.issueEventType = issueEventType;
  const actor = accountOf(payload.user) ?? accountOf(comment?.updateAuthor) ?? accountOf(comment?.author);
  // A deletion names no one reliably (the author is who wrote the comment, not who removed it).
  if (actor !== undefined && event !== "comment_deleted") delivery.actor = actor;
  const commentId = text(comment?.id);
  if (commentId !== undefined) delivery.commentId = commentId;
  if (typeof payload.timestamp === "number" && Number.isFinite(payload.timestamp)) delivery.timestamp = payload.timestamp;
  const items = isRecord(payload.changelog) && Array.isArray(payload.changelog.items) ? payload.changelog.items : [];
  // A set, so a changelog of many items costs one look-up each, not a scan of those before it.
  const changed = new Set<string>();
  for (const item of items) {
    const field = isRecord(item) ? (text(item.fieldId) ?? text(item.field)) : undefined;
    if (field !== undefined) changed.add(field);
  }
  delivery.changed = [...changed];
  return delivery;
}
