/**
 * A generic signed JSON webhook: POST `{ version: 1, …the message's fields }` with
 * `X-Shepherd-Timestamp: <seconds since the epoch>` and `X-Shepherd-Signature: sha256=<hex>`,
 * the HMAC-SHA256, keyed by the channel's secret, of `"<timestamp>.<body>"` (the body exactly as
 * sent). A receiver recomputes it over the raw body, compares in constant time, and refuses a
 * timestamp more than a few minutes old (a replay); `key` tells a notice delivered twice (a retry
 * after a lost answer). Any 2xx is success; 429 and 5xx are transient, other statuses rejected.
 */
import { createHmac } from "node:crypto";
import type { ChannelMessage } from "../core/channels/channel.ts";
import { readEnv, readUrl } from "./channel-env.ts";
import { postJson, statusError } from "./http-post.ts";
import type { ChannelOf, SendContext } from "./send-context.ts";

/** The version of the body's shape: a receiver checks it before reading the rest. */
export const WEBHOOK_VERSION = 1;

/** The `X-Shepherd-Signature` value of `body` sent at `timestamp` (seconds). */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex")}`;
}

/** The webhook's body for `message`: the message's fields under `version: 1`. */
export function webhookBody(message: ChannelMessage): string {
  return JSON.stringify({ version: WEBHOOK_VERSION, ...message });
}

/** POST `message` to the channel's webhook, signed with its secret. */
export async function sendWebhook(context: SendContext, channel: ChannelOf<"webhook">, message: ChannelMessage): Promise<void> {
  const url = readUrl(context.env, channel.url, channel.name, "https://…");
  const secret = readEnv(context.env, channel.secret, channel.name);
  const timestamp = Math.floor(context.now() / 1000);
  const body = webhookBody(message);
  const headers = { "x-shepherd-timestamp": String(timestamp), "x-shepherd-signature": webhookSignature(secret, timestamp, body), "user-agent": "issue-shepherd" };
  const answer = await postJson(context, channel.name, url, body, headers);
  if (answer.status < 200 || answer.status > 299) throw statusError(context, channel.name, "the webhook", answer);
}
