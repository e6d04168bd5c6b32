/**
 * Microsoft Teams: a Workflows webhook ("Post to a channel when a webhook request is received")
 * or a classic incoming webhook takes a message with one Adaptive Card attachment. The card shows
 * the title, the message's lines and a button that opens the issue; text is made inert
 * (`markdownText`: card TextBlocks read Markdown). Workflows answer 202, classic webhooks 200
 * (with "…endpoint returned HTTP error 429…" in the text when delivery failed behind it); a 4xx
 * names the fault, 429 carries `Retry-After`.
 */
import type { ChannelMessage } from "../core/channels/channel.ts";
import { readUrl } from "./channel-env.ts";
import { postJson, statusError } from "./http-post.ts";
import { issueLink, markdownText, oneLine, truncate } from "./neutralise-text.ts";
import type { ChannelOf, SendContext } from "./send-context.ts";

/** The Adaptive Card schema version every Teams client renders. */
export const ADAPTIVE_CARD_VERSION = "1.4";

/** The webhook's JSON body for `message`. */
export function teamsPayload(message: ChannelMessage): unknown {
  const link = issueLink(message.url);
  const body: unknown[] = [{ type: "TextBlock", text: markdownText(oneLine(message.title, 300)), size: "Medium", weight: "Bolder", wrap: true }];
  if (message.text.trim() !== "") body.push({ type: "TextBlock", text: truncate(markdownText(message.text.trim()), 4000), wrap: true });
  const content = {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: ADAPTIVE_CARD_VERSION,
    body,
    ...(link === undefined ? {} : { actions: [{ type: "Action.OpenUrl", title: oneLine(message.issue, 100), url: link }] }),
  };
  return { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content }] };
}

/** Post `message` to a Teams channel's webhook. */
export async function sendTeams(context: SendContext, channel: ChannelOf<"teams">, message: ChannelMessage): Promise<void> {
  const url = readUrl(context.env, channel.url, channel.name, "the Workflows webhook's https://…/workflows/… address");
  const answer = await postJson(context, channel.name, url, teamsPayload(message));
  if (answer.status < 200 || answer.status > 299) throw statusError(context, channel.name, "Microsoft Teams", answer);
  // A classic connector may answer 200 with the failure in its text.
  const failed = CONNECTOR_FAILURE.exec(answer.text);
  if (failed !== null) throw statusError(context, channel.name, "Microsoft Teams", { ...answer, status: Number(failed[1]) });
}

/** How a classic incoming webhook words a delivery that failed behind its 200. */
const CONNECTOR_FAILURE = /endpoint returned HTTP error (\d{3})/;
