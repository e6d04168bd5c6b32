/**
 * A WeCom (WeChat Work) group robot, as documented: POST JSON to
 * `/cgi-bin/webhook/send?key=<key>`, `{ msgtype: "markdown", markdown: { content } }`, content
 * at most 4096 bytes of UTF-8. Every answer is HTTP 200 with `{ errcode, errmsg }`: 0 ok; 93000
 * a wrong key; 40008 a message type it does not know; 44004 empty content; 40058 content over
 * 4096 bytes; 45009 over 20 messages a minute.
 */
import { type FakeAnswer, type HttpFake, isObject, jsonBody, rateLimiter, startHttpFake } from "./http-fake.ts";

export interface FakeWecom extends HttpFake {
  readonly webhookUrl: string;
  /** The markdown contents accepted. */
  readonly messages: string[];
}

const answer = (errcode: number, errmsg: string): FakeAnswer => ({ status: 200, body: { errcode, errmsg } });

/** Start the fake robot. */
export async function startFakeWecom(options: { key?: string; perMinute?: number; now?: () => number } = {}): Promise<FakeWecom> {
  const key = options.key ?? "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
  const allow = rateLimiter(options.perMinute ?? 20, options.now ?? Date.now);
  const messages: string[] = [];
  const fake = await startHttpFake("wecom", (request, violations): FakeAnswer => {
    if (request.path !== "/cgi-bin/webhook/send" || request.query.get("key") !== key) {
      violations.push("wrong path or key");
      return answer(93000, "invalid webhook url, hint: [1700000000_1_abc]");
    }
    const body = jsonBody(request, violations);
    if (!isObject(body) || body["msgtype"] !== "markdown") {
      violations.push("msgtype must be markdown");
      return answer(40008, "invalid message type");
    }
    const markdown = body["markdown"];
    const content = isObject(markdown) ? markdown["content"] : undefined;
    if (typeof content !== "string" || content === "") {
      violations.push("markdown.content must be a non-empty string");
      return answer(44004, "empty content");
    }
    const bytes = Buffer.byteLength(content, "utf8");
    if (bytes > 4096) {
      violations.push(`markdown.content has ${bytes} bytes, over 4096`);
      return answer(40058, "markdown.content exceed max length 4096");
    }
    if (!allow()) return answer(45009, "api freq out of limit");
    messages.push(content);
    return answer(0, "ok");
  });
  return Object.assign(fake, { webhookUrl: `${fake.url}/cgi-bin/webhook/send?key=${key}`, messages });
}
