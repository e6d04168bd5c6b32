/**
 * A delivery far over the body limit (10 MB against 1 MiB) always gets its 413 and then a clean
 * close — never a reset that destroys the answer before the sender reads it. Real sockets; the
 * sender writes the whole body first and reads the answer after, as many HTTP clients do.
 */
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Rules } from "../../src/core/rules/rules.ts";
import type { Tracker } from "../../src/core/tracker.ts";
import { createWebhookServer, type WebhookServer } from "../../src/server/create-webhook-server.ts";

const TEN_MB = 10 * 1024 * 1024;
let webhook: WebhookServer;
let port = 0;

beforeAll(async () => {
  webhook = createWebhookServer({
    rules: {} as Rules,
    tracker: {} as Tracker,
    secret: "s3cret",
    process: () => Promise.resolve("done" as never),
  });
  await new Promise<void>((resolve) => webhook.server.listen(0, "127.0.0.1", resolve));
  webhook.ready();
  port = (webhook.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await webhook.close({ timeoutMs: 1000 });
});

interface Outcome {
  answer: string;
  error?: string;
}

/** Send headers and a 10 MB body, `chunk` bytes at a time with `pauseMs` between; then read. */
function deliver(options: { chunk: number; pauseMs: number; chunked?: boolean }): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.pause(); // read only after the body is out, as a sender that writes first does
    const received: Buffer[] = [];
    let error: string | undefined;
    const timer = setTimeout(() => socket.destroy(new Error("no answer within 10 s")), 10_000);
    socket.on("data", (data: Buffer) => received.push(data));
    socket.on("error", (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ answer: Buffer.concat(received).toString("latin1"), ...(error === undefined ? {} : { error }) });
    });
    const head = options.chunked
      ? "POST /webhooks/jira HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
      : `POST /webhooks/jira HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${TEN_MB}\r\n\r\n`;
    const piece = Buffer.alloc(options.chunk, 0x78);
    const frame = (data: Buffer) => (options.chunked ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")]) : data);
    void (async () => {
      socket.write(head);
      for (let sent = 0; sent < TEN_MB; sent += options.chunk) {
        const ok = socket.write(frame(piece.subarray(0, Math.min(options.chunk, TEN_MB - sent))));
        if (!ok) await new Promise((drain) => socket.once("drain", drain));
        if (options.pauseMs > 0) await new Promise((wait) => setTimeout(wait, options.pauseMs));
        if (socket.destroyed) break;
      }
      if (options.chunked && !socket.destroyed) socket.write("0\r\n\r\n");
      if (!socket.destroyed) socket.write("", () => socket.resume());
      else socket.resume();
    })();
  });
}

describe("a 10 MB delivery", { timeout: 120_000 }, () => {
  it.each([
    ["fast, declared length (30 trials)", 30, { chunk: TEN_MB, pauseMs: 0 }],
    ["fast, chunked (20 trials)", 20, { chunk: 256 * 1024, pauseMs: 0, chunked: true }],
    ["slow, declared length (5 trials)", 5, { chunk: 256 * 1024, pauseMs: 15 }],
    ["slow, chunked (5 trials)", 5, { chunk: 256 * 1024, pauseMs: 15, chunked: true }],
  ])("%s: every one is answered 413, then the connection closes cleanly", async (_name, trials, options) => {
    const started = Date.now();
    const outcomes: Outcome[] = [];
    for (let trial = 0; trial < trials; trial++) outcomes.push(await deliver(options));
    const summary = outcomes.map((o) => `${o.answer.slice(0, 12)}${o.error === undefined ? "" : ` ${o.error}`}`);
    expect(summary).toEqual(outcomes.map(() => "HTTP/1.1 413"));
    for (const outcome of outcomes) {
      expect(outcome.answer).toMatch(/\r\nconnection: close\r\n/i);
      expect(outcome.answer).toContain('"reason":"too_large"');
    }
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
