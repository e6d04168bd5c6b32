/**
 * A receiver of the tool's generic signed webhook, written as a receiver would be from the
 * README: it recomputes `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` with the shared
 * secret, compares in constant time, refuses a timestamp more than five minutes from its clock
 * (401), checks the body's `version: 1` and fields (400), and notes a notice whose `key` it has
 * had before (a retry after a lost answer) without counting it twice.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { checkString, type FakeAnswer, type HttpFake, isObject, jsonBody, startHttpFake } from "./http-fake.ts";

export interface FakeWebhook extends HttpFake {
  readonly webhookUrl: string;
  readonly secret: string;
  /** Bodies accepted, one per distinct notice key. */
  readonly deliveries: Record<string, unknown>[];
  /** Deliveries of a key already had. */
  duplicates(): number;
}

const STRING_FIELDS = ["channel", "key", "dedupKey", "title", "text", "url", "issue", "priority"];
const REPLAY_WINDOW_S = 300;

/** Start the receiver. */
export async function startFakeWebhook(options: { secret?: string; now?: () => number } = {}): Promise<FakeWebhook> {
  const secret = options.secret ?? "whsec-test-0123456789";
  const now = options.now ?? Date.now;
  const deliveries: Record<string, unknown>[] = [];
  const keys = new Set<string>();
  const state = { duplicates: 0 };
  const fake = await startHttpFake("webhook", (request, violations): FakeAnswer => {
    if (request.path !== "/hooks/shepherd") return { status: 404, body: "not found" };
    const timestamp = String(request.headers["x-shepherd-timestamp"] ?? "");
    const signature = String(request.headers["x-shepherd-signature"] ?? "");
    if (!/^\d+$/.test(timestamp) || Math.abs(now() / 1000 - Number(timestamp)) > REPLAY_WINDOW_S) return { status: 401, body: "stale or missing timestamp" };
    const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(`${timestamp}.${request.body}`).digest("hex")}`);
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { status: 401, body: "bad signature" };
    const body = jsonBody(request, violations);
    const before = violations.length;
    if (!isObject(body) || body["version"] !== 1) violations.push("version must be 1");
    else {
      for (const field of STRING_FIELDS) checkString(body[field], field, violations, field === "text" ? 0 : 1);
      if (!["trigger", "resolve", "info"].includes(String(body["event"]))) violations.push("event must be trigger, resolve or info");
      if (!["critical", "error", "warning", "info"].includes(String(body["severity"]))) violations.push("severity is not one of critical, error, warning, info");
    }
    if (violations.length > before || !isObject(body)) return { status: 400, body: violations.slice(before).join("; ") };
    const key = String(body["key"]);
    if (keys.has(key)) state.duplicates += 1;
    else {
      keys.add(key);
      deliveries.push(body);
    }
    return { status: 204 };
  });
  return Object.assign(fake, {
    webhookUrl: `${fake.url}/hooks/shepherd`,
    secret,
    deliveries,
    duplicates: () => state.duplicates,
  });
}
