/**
 * A Microsoft Teams Workflows webhook ("Post to a channel when a webhook request is received"):
 * POST JSON `{ type: "message", attachments: [{ contentType:
 * "application/vnd.microsoft.card.adaptive", content: AdaptiveCard }] }`, the card of version
 * 1.0–1.6 with a non-empty `body` of typed elements (TextBlock text a string) and `actions` of
 * Action.OpenUrl with an http(s) `url` and a `title`. Answers 202 with no body; a wrong path 404,
 * a bad message 400 with Teams' JSON error.
 */
import { checkString, type FakeAnswer, type HttpFake, isObject, jsonBody, startHttpFake } from "./http-fake.ts";

export interface FakeTeams extends HttpFake {
  readonly webhookUrl: string;
  /** The Adaptive Cards accepted. */
  readonly cards: Record<string, unknown>[];
}

function checkCard(card: unknown, violations: string[]): void {
  if (!isObject(card)) return void violations.push("attachments[0].content must be an object");
  if (card["type"] !== "AdaptiveCard") violations.push("content.type must be AdaptiveCard");
  if (typeof card["version"] !== "string" || !/^1\.[0-6]$/.test(card["version"])) violations.push("content.version must be a string 1.0..1.6");
  const body = card["body"];
  if (!Array.isArray(body) || body.length === 0) violations.push("content.body must be a non-empty array");
  else body.forEach((element: unknown, i) => {
    if (!isObject(element) || typeof element["type"] !== "string") return void violations.push(`body[${i}] must have a type`);
    if (element["type"] === "TextBlock") checkString(element["text"], `body[${i}].text`, violations);
  });
  const actions = card["actions"];
  if (actions === undefined) return;
  if (!Array.isArray(actions)) return void violations.push("content.actions must be an array");
  actions.forEach((action: unknown, i) => {
    if (!isObject(action) || action["type"] !== "Action.OpenUrl") return void violations.push(`actions[${i}].type must be Action.OpenUrl`);
    checkString(action["title"], `actions[${i}].title`, violations);
    if (typeof action["url"] !== "string" || !/^https?:\/\//.test(action["url"])) violations.push(`actions[${i}].url must be an http(s) URL`);
  });
}

/** Start the fake; `workflow` is the webhook's id in its path. */
export async function startFakeTeams(workflow = "a1b2c3d4"): Promise<FakeTeams> {
  const cards: Record<string, unknown>[] = [];
  const fake = await startHttpFake("teams", (request, violations): FakeAnswer => {
    if (request.path !== `/workflows/${workflow}/triggers/manual/paths/invoke`) {
      violations.push(`unknown webhook path ${request.path}`);
      return { status: 404, body: { error: { code: "WorkflowNotFound", message: "The workflow could not be found." } } };
    }
    const body = jsonBody(request, violations);
    const before = violations.length;
    if (!isObject(body)) violations.push("the body must be an object");
    else {
      if (body["type"] !== "message") violations.push("type must be message");
      const attachments = body["attachments"];
      if (!Array.isArray(attachments) || attachments.length === 0) violations.push("attachments must be a non-empty array");
      else {
        const first: unknown = attachments[0];
        if (!isObject(first) || first["contentType"] !== "application/vnd.microsoft.card.adaptive") violations.push("attachments[0].contentType must be application/vnd.microsoft.card.adaptive");
        else checkCard(first["content"], violations);
      }
    }
    if (violations.length > before || !isObject(body)) return { status: 400, body: { error: { code: "InvalidRequestContent", message: violations.slice(before).join("; ") } } };
    cards.push((body["attachments"] as { content: Record<string, unknown> }[])[0]?.content ?? {});
    return { status: 202 };
  });
  return Object.assign(fake, { webhookUrl: `${fake.url}/workflows/${workflow}/triggers/manual/paths/invoke`, cards });
}
