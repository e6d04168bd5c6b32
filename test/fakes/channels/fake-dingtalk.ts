/**
 * A DingTalk group robot ("custom robot"), as documented: POST JSON to
 * `/robot/send?access_token=<token>`, `{ msgtype: "markdown", markdown: { title, text } }`.
 * A robot secured by signing checks `timestamp` (ms, within an hour of now) and `sign`, the
 * base64 HMAC-SHA256 of `"<timestamp>\n<secret>"` keyed by the secret — computed here from the
 * documentation, not with the sender's code. A robot secured by a keyword refuses a message
 * without it. Every answer is HTTP 200 with `{ errcode, errmsg }`: 0 ok; 300001 a wrong token;
 * 310000 sign, timestamp or keyword refused; 130101 over 20 messages a minute; 40035 a missing
 * parameter.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { checkString, type FakeAnswer, type HttpFake, isObject, jsonBody, rateLimiter, startHttpFake } from "./http-fake.ts";

export interface FakeDingtalk extends HttpFake {
  /** The robot's URL (with its access token) to give the sender. */
  readonly webhookUrl: string;
  /** The markdown messages accepted. */
  readonly messages: { title: string; text: string }[];
}

export interface FakeDingtalkOptions {
  token?: string;
  /** The robot's signing secret (`SEC…`); absent: the robot is not signed. */
  secret?: string;
  /** A keyword every message must contain. */
  keyword?: string;
  /** Messages a minute before 130101; DingTalk's is 20. */
  perMinute?: number;
  now?: () => number;
}

const answer = (errcode: number, errmsg: string): FakeAnswer => ({ status: 200, body: { errcode, errmsg } });

/** Whether `sign` is the documented signature of `timestamp` with `secret`. */
function signatureMatches(timestamp: string, sign: string, secret: string): boolean {
  const expected = Buffer.from(createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64"));
  const given = Buffer.from(sign);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Start the fake robot. */
export async function startFakeDingtalk(options: FakeDingtalkOptions = {}): Promise<FakeDingtalk> {
  const token = options.token ?? "d1n9t41k70k3n";
  const now = options.now ?? Date.now;
  const allow = rateLimiter(options.perMinute ?? 20, now);
  const messages: FakeDingtalk["messages"] = [];
  const fake = await startHttpFake("dingtalk", (request, violations): FakeAnswer => {
    if (request.path !== "/robot/send" || request.query.get("access_token") !== token) {
      violations.push("wrong path or access_token");
      return answer(300001, "token is not exist");
    }
    if (options.secret !== undefined) {
      const timestamp = request.query.get("timestamp") ?? "";
      const sign = request.query.get("sign") ?? "";
      if (!/^\d{13}$/.test(timestamp) || Math.abs(now() - Number(timestamp)) > 3_600_000) return answer(310000, "invalid timestamp");
      if (!signatureMatches(timestamp, sign, options.secret)) return answer(310000, "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]");
    }
    const body = jsonBody(request, violations);
    const before = violations.length;
    const markdown = isObject(body) ? body["markdown"] : undefined;
    if (!isObject(body) || body["msgtype"] !== "markdown") violations.push("msgtype must be markdown");
    if (!isObject(markdown)) violations.push("markdown must be an object");
    else {
      checkString(markdown["title"], "markdown.title", violations);
      checkString(markdown["text"], "markdown.text", violations, 1, 5000);
    }
    if (violations.length > before || !isObject(markdown)) return answer(40035, "缺少参数 markdown");
    const message = markdown as { title: string; text: string };
    if (options.keyword !== undefined && !`${message.title}${message.text}`.includes(options.keyword)) return answer(310000, "keywords not in content");
    if (!allow()) return answer(130101, "send too fast, exceed 20 times per minute");
    messages.push({ title: message.title, text: message.text });
    return answer(0, "ok");
  });
  return Object.assign(fake, { webhookUrl: `${fake.url}/robot/send?access_token=${token}`, messages });
}
