/**
 * Slack's incoming webhook, as documented: POST JSON to `/services/<token>`, `text` and/or
 * `blocks` (section: mrkdwn or plain_text of 1..3000 characters; context: 1..10 text elements;
 * at most 50 blocks). Answers 200 `ok`; a wrong token 404 `no_service`, a body that is not JSON
 * 400 `invalid_payload`, neither text nor blocks 400 `no_text`, bad blocks 400 `invalid_blocks`.
 */
import { checkString, type FakeAnswer, type HttpFake, isObject, jsonBody, startHttpFake } from "./http-fake.ts";

export interface FakeSlack extends HttpFake {
  /** The incoming-webhook URL to give the sender. */
  readonly webhookUrl: string;
  /** The payloads Slack accepted. */
  readonly messages: { text?: string; blocks?: unknown[] }[];
}

const TEXT_TYPES = ["mrkdwn", "plain_text"];

function checkText(value: unknown, where: string, violations: string[], max: number): void {
  if (!isObject(value)) return void violations.push(`${where} must be a text object`);
  if (!TEXT_TYPES.includes(String(value["type"]))) violations.push(`${where}.type must be mrkdwn or plain_text`);
  checkString(value["text"], `${where}.text`, violations, 1, max);
}

function checkBlocks(blocks: unknown, violations: string[]): void {
  if (!Array.isArray(blocks)) return void violations.push("blocks must be an array");
  if (blocks.length > 50) violations.push(`at most 50 blocks, got ${blocks.length}`);
  blocks.forEach((block: unknown, i) => {
    const where = `blocks[${i}]`;
    if (!isObject(block)) return void violations.push(`${where} must be an object`);
    if (block["type"] === "section") checkText(block["text"], `${where}.text`, violations, 3000);
    else if (block["type"] === "context") {
      const elements = block["elements"];
      if (!Array.isArray(elements) || elements.length < 1 || elements.length > 10) return void violations.push(`${where}.elements must have 1..10 elements`);
      elements.forEach((element: unknown, j) => checkText(element, `${where}.elements[${j}]`, violations, 3000));
    } else if (block["type"] === "header") checkText(block["text"], `${where}.text`, violations, 150);
    else if (block["type"] !== "divider") violations.push(`${where}.type ${String(block["type"])} is not a block this tool should send`);
  });
}

/** Start the fake; `token` is the webhook's path after `/services/`. */
export async function startFakeSlack(token = "T0001/B0001/XXXXXXXXXXXXXXXXXXXXXXXX"): Promise<FakeSlack> {
  const messages: FakeSlack["messages"] = [];
  const fake = await startHttpFake("slack", (request, violations): FakeAnswer => {
    if (request.path !== `/services/${token}`) {
      violations.push(`unknown webhook path ${request.path}`);
      return { status: 404, body: "no_service" };
    }
    const body = jsonBody(request, violations);
    if (!isObject(body)) return { status: 400, body: "invalid_payload" };
    if (body["text"] === undefined && body["blocks"] === undefined) {
      violations.push("neither text nor blocks");
      return { status: 400, body: "no_text" };
    }
    const before = violations.length;
    if (body["text"] !== undefined) checkString(body["text"], "text", violations, 1, 40_000);
    if (body["blocks"] !== undefined) checkBlocks(body["blocks"], violations);
    if (violations.length > before) return { status: 400, body: "invalid_blocks" };
    messages.push(body);
    return { status: 200, headers: { "content-type": "text/html" }, body: "ok" };
  });
  return Object.assign(fake, { webhookUrl: `${fake.url}/services/${token}`, messages });
}
