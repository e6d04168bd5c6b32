/**
 * One POST of a JSON body to a provider, with a timeout, and the generic reading of its answer:
 * no answer (refused, reset, timed out) and 5xx are `transient`, 429 is `transient` with the
 * provider's `Retry-After`, other 4xx are `rejected`. Messages name the channel and quote what
 * the provider said (shortened), never the URL, which carries the channel's token.
 */
import { ChannelError } from "../core/channels/channel.ts";
import { retryAfterMs } from "../core/retry-after.ts";

/** What the provider answered. */
export interface PostAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** What a POST needs: the fetch to use and how long to wait for the whole answer. */
export interface PostContext {
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  /** Epoch ms, for a `Retry-After` given as a date. */
  now: () => number;
}

/** POST `body` as JSON (already serialised when a string) to `url`; throws `transient` when no answer came. */
export async function postJson(context: PostContext, channel: string, url: URL, body: unknown, headers: Record<string, string> = {}): Promise<PostAnswer> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  let response: Response;
  let answer: string;
  try {
    response = await context.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", accept: "application/json, text/plain, */*", ...headers },
      body: text,
      signal: AbortSignal.timeout(context.timeoutMs),
    });
    answer = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    const why = timedOut ? `no answer within ${context.timeoutMs} ms` : `no answer (${networkReason(error)})`;
    throw new ChannelError("transient", `channel ${channel}: ${why}`, { cause: error });
  }
  return { status: response.status, headers: response.headers, text: answer };
}

/** The network error's code (`ECONNREFUSED`), without the URL. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (typeof cause?.code === "string") return cause.code;
  return error instanceof Error ? error.name : "network error";
}

/** `text` shortened to one line of at most 200 characters, for a message. */
export function quote(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line === "" ? "(empty answer)" : line;
}

/** Seconds from a `Retry-After` header, when the answer had one. */
export function retryAfterSeconds(answer: PostAnswer, now: number): number | undefined {
  const ms = retryAfterMs(answer.headers.get("retry-after"), now);
  return ms === undefined ? undefined : ms / 1000;
}

/**
 * The error for an answer whose status is not a success: `provider` names the service
 * (`Slack`), `said` is what it said (defaults to the body).
 */
export function statusError(context: PostContext, channel: string, provider: string, answer: PostAnswer, said: string = answer.text): ChannelError {
  const what = `channel ${channel}: ${provider} answered ${answer.status}: ${quote(said)}`;
  if (answer.status === 429) {
    const retryAfter = retryAfterSeconds(answer, context.now());
    return new ChannelError("transient", `${what} (rate limited${retryAfter === undefined ? "" : `, retry after ${retryAfter} s`})`, retryAfter === undefined ? {} : { retryAfter });
  }
  if (answer.status >= 500 || answer.status === 408) return new ChannelError("transient", what);
  return new ChannelError("rejected", what);
}

/** The answer's body as JSON, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
