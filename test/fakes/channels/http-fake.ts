/**
 * The node:http server under every HTTP channel fake: 127.0.0.1 on a free port, each request
 * read whole and recorded, faults injected ahead of the provider's own answer (a 500, a 429 with
 * `Retry-After`, a robot's errcode), and the shape violations a provider's handler finds kept in
 * `violations` — tests of the good path assert it stays empty, so a request the provider would
 * refuse fails the test even when the fake answers it.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as it arrived. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a fake answers. */
export interface FakeAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Text as is; anything else as JSON. */
  body?: unknown;
}

/** An answer given instead of the provider's to the next `times` (default 1) requests. */
export interface FakeFault extends FakeAnswer {
  times?: number;
}

export interface HttpFake {
  /** The server's origin, `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly requests: FakeRequest[];
  /** Requests the provider would refuse, described (tests assert it is empty). */
  readonly violations: string[];
  /** Queue faults for the next requests. */
  fail(...faults: FakeFault[]): void;
  close(): Promise<void>;
}

/** A provider's handler: its answer, and the violations it found (pushed to `violations`). */
export type FakeHandler = (request: FakeRequest, violations: string[]) => FakeAnswer;

/** Start a fake serving `handle`. */
export async function startHttpFake(name: string, handle: FakeHandler): Promise<HttpFake> {
  const requests: FakeRequest[] = [];
  const violations: string[] = [];
  const faults: FakeFault[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const request: FakeRequest = { method: req.method ?? "", path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(request);
      let answer: FakeAnswer;
      const fault = faults[0];
      if (fault !== undefined) {
        fault.times = (fault.times ?? 1) - 1;
        if (fault.times <= 0) faults.shift();
        answer = fault;
      } else {
        const found: string[] = [];
        answer = handle(request, found);
        violations.push(...found.map((v) => `${name}: ${v}`));
      }
      const text = typeof answer.body === "string" ? answer.body : answer.body === undefined ? "" : JSON.stringify(answer.body);
      const type = typeof answer.body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
      res.writeHead(answer.status, { "content-type": type, ...answer.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    violations,
    fail: (...more) => faults.push(...more),
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** The body as JSON when the request declares it, else a violation and undefined. */
export function jsonBody(request: FakeRequest, violations: string[]): unknown {
  if (request.method !== "POST") violations.push(`expected POST, got ${request.method}`);
  const type = request.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(type)) violations.push(`expected content-type application/json, got ${type || "none"}`);
  try {
    return JSON.parse(request.body) as unknown;
  } catch {
    violations.push("the body is not JSON");
    return undefined;
  }
}

/** Is `value` a plain object? */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Checks that `value` is a string of `min`..`max` characters (code points); pushes a violation naming `where` otherwise. */
export function checkString(value: unknown, where: string, violations: string[], min = 1, max = Infinity): value is string {
  if (typeof value !== "string") {
    violations.push(`${where} must be a string, got ${value === undefined ? "nothing" : typeof value}`);
    return false;
  }
  const length = Array.from(value).length;
  if (length < min || length > max) violations.push(`${where} must have ${min}..${max} characters, has ${length}`);
  return true;
}

/** Checks that `value` has only the `allowed` keys. */
export function checkKeys(value: Record<string, unknown>, allowed: readonly string[], where: string, violations: string[]): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) violations.push(`${where} has an unknown field ${key}`);
}

/** Messages allowed per minute, counted over a sliding minute of `now`. */
export function rateLimiter(perMinute: number, now: () => number): () => boolean {
  const sent: number[] = [];
  return () => {
    const t = now();
    while (sent.length > 0 && (sent[0] ?? 0) <= t - 60_000) sent.shift();
    if (sent.length >= perMinute) return false;
    sent.push(t);
    return true;
  };
}
