/**
 * Slack incoming webhooks: POST `{ text, blocks }` to the webhook URL (`https://hooks.slack.com/
 * services/T…/B…/…`). `text` is the notification's fallback; the blocks show the title as a link
 * to the issue, the message's lines and the issue's id, in mrkdwn made inert (`slackText`).
 * Slack answers 200 `ok`, or a status with a text body naming the fault (`invalid_payload`,
 * `no_service`, `channel_is_archived`); 429 carries `Retry-After`.
 */
import type { ChannelMessage } from "../core/channels/channel.ts";
import { readUrl } from "./channel-env.ts";
import { postJson, statusError } from "./http-post.ts";
import { convertBold, issueLink, oneLine, slackText, truncate } from "./neutralise-text.ts";
import type { ChannelOf, SendContext } from "./send-context.ts";

/** Slack's limit on a section block's text. */
const SECTION_MAX = 3000;

/** The webhook's JSON body for `message`. */
export function slackPayload(message: ChannelMessage): { text: string; blocks: unknown[] } {
  const title = slackText(oneLine(message.title, 300));
  const link = issueLink(message.url);
  const heading = link === undefined ? `*${title}*` : `*<${slackText(link)}|${title}>*`;
  const issue = slackText(oneLine(message.issue, 200));
  const blocks: unknown[] = [{ type: "section", text: { type: "mrkdwn", text: heading } }];
  if (message.text.trim() !== "") blocks.push({ type: "section", text: { type: "mrkdwn", text: truncate(convertBold(slackText(message.text.trim()), "*$1*"), SECTION_MAX) } });
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: link === undefined ? issue : `<${slackText(link)}|${issue}>` }] });
  return { text: title, blocks };
}

/** Post `message` to a Slack channel's incoming webhook. */
export async function sendSlack(context: SendContext, channel: ChannelOf<"slack">, message: ChannelMessage): Promise<void> {
  const url = readUrl(context.env, channel.url, channel.name, "https://hooks.slack.com/services/…");
  const answer = await postJson(context, channel.name, url, slackPayload(message));
  if (answer.status < 200 || answer.status > 299) throw statusError(context, channel.name, "Slack", answer);
}
