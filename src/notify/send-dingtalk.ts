/**
 * DingTalk group robots ("custom robot"): POST `{ msgtype: "markdown", markdown: { title, text } }`
 * to `https://oapi.dingtalk.com/robot/send?access_token=…`. A robot secured by signing gets
 * `&timestamp=<ms>&sign=<sign>`, where sign is the URL-encoded base64 HMAC-SHA256 of
 * `"<timestamp>\n<secret>"` keyed by the secret; DingTalk refuses a timestamp more than an hour
 * off. The answer is HTTP 200 with `{ errcode, errmsg }`: 0 is success, 130101 (more than 20
 * messages a minute) and -1 (busy) are transient, others (310000: sign, keyword or IP refused)
 * rejected.
 */
import { createHmac } from "node:crypto";
import type { ChannelMessage } from "../core/channels/channel.ts";
import { readEnv, readUrl } from "./channel-env.ts";
import { postJson } from "./http-post.ts";
import { issueLink, markdownText, oneLine, truncate } from "./neutralise-text.ts";
import { checkRobotAnswer, markdownHref } from "./robot-answer.ts";
import type { ChannelOf, SendContext } from "./send-context.ts";

/** DingTalk's codes that mean "try again later". */
const TRANSIENT_CODES = [130101, -1];

/** The `sign` of a signed robot's request at `timestamp` (ms), before URL-encoding. */
export function dingtalkSign(timestamp: number, secret: string): string {
  return createHmac("sha256", secret).update(`${timestamp}\n${secret}`, "utf8").digest("base64");
}

/** The robot's JSON body for `message`. */
export function dingtalkPayload(message: ChannelMessage): { msgtype: "markdown"; markdown: { title: string; text: string } } {
  const title = markdownText(oneLine(message.title, 200));
  const link = issueLink(message.url);
  const lines = message.text.trim() === "" ? [] : markdownText(message.text.trim()).split(/\r?\n/);
  const text = [`#### ${title}`, ...lines, ...(link === undefined ? [] : [`[${markdownText(oneLine(message.issue, 200))}](${markdownHref(link)})`])].join("\n\n");
  return { msgtype: "markdown", markdown: { title, text: truncate(text, 5000) } };
}

/** Post `message` through a DingTalk group robot, signed when the channel has a secret. */
export async function sendDingtalk(context: SendContext, channel: ChannelOf<"dingtalk">, message: ChannelMessage): Promise<void> {
  const url = readUrl(context.env, channel.url, channel.name, "https://oapi.dingtalk.com/robot/send?access_token=…");
  if (channel.secret !== undefined) {
    const secret = readEnv(context.env, channel.secret, channel.name);
    const timestamp = context.now();
    url.searchParams.set("timestamp", String(timestamp));
    url.searchParams.set("sign", dingtalkSign(timestamp, secret));
  }
  const answer = await postJson(context, channel.name, url, dingtalkPayload(message));
  checkRobotAnswer(context, channel.name, "DingTalk", answer, TRANSIENT_CODES);
}
