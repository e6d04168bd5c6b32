/**
 * The answer of a group robot (DingTalk, WeCom): HTTP 200 even when the message was refused, with
 * `{ errcode, errmsg }` saying what happened — `errcode: 0` is success. The provider's codes for
 * "too many messages" and "system busy" are `transient`, every other code is `rejected` with the
 * provider's `errmsg`; a non-200 status is read like any HTTP failure.
 */
import { ChannelError } from "../core/channels/channel.ts";
import { type PostAnswer, type PostContext, parseJson, quote, statusError } from "./http-post.ts";

/** Throws unless `answer` is a robot's success; `transientCodes` are the provider's retry-later codes. */
export function checkRobotAnswer(context: PostContext, channel: string, provider: string, answer: PostAnswer, transientCodes: readonly number[]): void {
  if (answer.status < 200 || answer.status > 299) throw statusError(context, channel, provider, answer);
  const body = parseJson(answer.text) as { errcode?: unknown; errmsg?: unknown } | undefined;
  if (typeof body?.errcode !== "number") throw new ChannelError("transient", `channel ${channel}: ${provider} answered ${answer.status} without an errcode: ${quote(answer.text)}`);
  if (body.errcode === 0) return;
  const said = `errcode ${body.errcode}${typeof body.errmsg === "string" ? ` ${quote(body.errmsg)}` : ""}`;
  const kind = transientCodes.includes(body.errcode) ? "transient" : "rejected";
  throw new ChannelError(kind, `channel ${channel}: ${provider} refused the message: ${said}`);
}

/** A URL for a Markdown link `(…)`: the parentheses and spaces that would end it are percent-encoded. */
export function markdownHref(href: string): string {
  return href.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}
