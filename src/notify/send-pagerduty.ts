/**
 * PagerDuty Events API v2. `trigger` opens (or adds to) the incident of `dedup_key` with a
 * payload of summary (at most 1024 characters), source, severity and the notice's details, and a
 * link to the issue; `resolve` closes it (routing key, action and dedup key only); an `info`
 * notice pages no one: it goes to the Change Events endpoint beside (`/v2/change/enqueue`), shown
 * on the service's timeline. PagerDuty answers 202 `{ status: "success", dedup_key }`; 400 is an
 * invalid event (its `errors` are quoted), 429 and 5xx are transient.
 */
import { createHash } from "node:crypto";
import type { ChannelMessage } from "../core/channels/channel.ts";
import { checkUrl, readEnv } from "./channel-env.ts";
import { parseJson, postJson, statusError } from "./http-post.ts";
import { issueLink, oneLine, truncate } from "./neutralise-text.ts";
import type { ChannelOf, SendContext } from "./send-context.ts";

/** PagerDuty's own Events API v2 endpoint. */
export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

/** PagerDuty's limits on `payload.summary` and `dedup_key`. */
const SUMMARY_MAX = 1024;
const DEDUP_KEY_MAX = 255;

/** The dedup key as PagerDuty takes it: the key itself, or its SHA-256 when longer than 255 characters. */
export function pagerdutyDedupKey(key: string): string {
  return key.length <= DEDUP_KEY_MAX ? key : createHash("sha256").update(key).digest("hex");
}

/** The details shown on the incident: the notice's facts, without undefined ones. */
function details(message: ChannelMessage): Record<string, unknown> {
  const all = { issue: message.issue, url: message.url, priority: message.priority, clock: message.clock, target: message.target, overrun_minutes: message.overrunMinutes, level: message.level, notice: message.key, text: message.text };
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
}

/** The event's JSON body for `message` (an Events API v2 event, or a change event for `info`). */
export function pagerdutyPayload(routingKey: string, message: ChannelMessage): Record<string, unknown> {
  const dedupKey = pagerdutyDedupKey(message.dedupKey);
  if (message.event === "resolve") return { routing_key: routingKey, event_action: "resolve", dedup_key: dedupKey };
  const link = issueLink(message.url);
  const links = link === undefined ? [] : [{ href: link, text: truncate(oneLine(message.issue, 200), 200) }];
  const summary = oneLine(message.title, SUMMARY_MAX);
  const source = oneLine(message.issue, 255) || "issue-shepherd";
  if (message.event === "info") return { routing_key: routingKey, payload: { summary, source, custom_details: details(message) }, links };
  const payload = {
    summary,
    source,
    severity: message.severity,
    ...(message.clock === undefined ? {} : { component: message.clock }),
    class: message.priority,
    custom_details: details(message),
  };
  return { routing_key: routingKey, event_action: "trigger", dedup_key: dedupKey, payload, client: "issue-shepherd", ...(link === undefined ? {} : { client_url: link }), links };
}

/** Send `message` to a PagerDuty service's Events API v2 integration. */
export async function sendPagerduty(context: SendContext, channel: ChannelOf<"pagerduty">, message: ChannelMessage): Promise<void> {
  const routingKey = readEnv(context.env, channel.routingKey, channel.name);
  const events = checkUrl(channel.url ?? PAGERDUTY_EVENTS_URL, channel.name, "url", PAGERDUTY_EVENTS_URL);
  const url = message.event === "info" ? new URL("change/enqueue", events) : events;
  const answer = await postJson(context, channel.name, url, pagerdutyPayload(routingKey, message));
  if (answer.status >= 200 && answer.status <= 299) return;
  const body = parseJson(answer.text) as { message?: unknown; errors?: unknown } | undefined;
  const errors = Array.isArray(body?.errors) ? body.errors.filter((e): e is string => typeof e === "string") : [];
  const said = typeof body?.message === "string" ? [body.message, ...errors].join("; ") : answer.text;
  throw statusError(context, channel.name, "PagerDuty", answer, said);
}
