/**
 * WeCom (WeChat Work) group robots: POST `{ msgtype: "markdown", markdown: { content } }` to
 * `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`; the content is at most 4096 bytes
 * of UTF-8. The answer is HTTP 200 with `{ errcode, errmsg }`: 0 is success, 45009 (more than 20
 * messages a minute) and -1 (busy) are transient, others (93000: the key is not valid) rejected.
 */
import type { ChannelMessage } from "../core/channels/channel.ts";
import { readUrl } from "./channel-env.ts";
import { postJson } from "./http-post.ts";
import { issueLink, markdownText, oneLine, truncateBytes } from "./neutralise-text.ts";
import { checkRobotAnswer, markdownHref } from "./robot-answer.ts";
import type { ChannelOf, SendContext } from "./send-context.ts";

/** WeCom's codes that mean "try again later". */
const TRANSIENT_CODES = [45009, -1];

/** WeCom's limit on `markdown.content`, in bytes. */
export const WECOM_CONTENT_MAX_BYTES = 4096;

/** The robot's JSON body for `message`. */
export function wecomPayload(message: ChannelMessage): { msgtype: "markdown"; markdown: { content: string } } {
  const link = issueLink(message.url);
  const linkLine = link === undefined ? "" : `\n[${markdownText(oneLine(message.issue, 200))}](${markdownHref(link)})`;
  const head = `**${markdownText(oneLine(message.title, 300))}**`;
  const body = message.text.trim() === "" ? "" : `\n${markdownText(message.text.trim())}`;
  // The link is kept whole: the body is cut first.
  const room = WECOM_CONTENT_MAX_BYTES - new TextEncoder().encode(linkLine).length;
  return { msgtype: "markdown", markdown: { content: `${truncateBytes(head + body, room)}${linkLine}` } };
}

/** Post `message` through a WeCom group robot. */
export async function sendWecom(context: SendContext, channel: ChannelOf<"wecom">, message: ChannelMessage): Promise<void> {
  const url = readUrl(context.env, channel.url, channel.name, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…");
  const answer = await postJson(context, channel.name, url, wecomPayload(message));
  checkRobotAnswer(context, channel.name, "WeCom", answer, TRANSIENT_CODES);
}
