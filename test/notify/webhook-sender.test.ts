/** The generic webhook: a receiver written from the README verifies its signature and refuses replays. */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannelSender } from "../../src/notify/create-channel-sender.ts";
import { type ChannelFakes, startChannelFakes } from "../fakes/channels/index.ts";
import { channelOf, noticeMessage, recordingRetry } from "./notice-message.ts";

let fakes: ChannelFakes;
beforeAll(async () => {
  fakes = await startChannelFakes();
});
afterAll(() => fakes.close());

describe("signed webhook", () => {
  it("posts version 1 of the message, signed over timestamp and body", async () => {
    const now = Date.now();
    await createChannelSender({ env: fakes.env, now: () => now }).send(channelOf(fakes, "webhook"), noticeMessage());
    expect(fakes.violations()).toEqual([]);
    expect(fakes.webhook.deliveries.at(-1)).toEqual({ version: 1, ...noticeMessage() });
    const request = fakes.webhook.requests.at(-1);
    const timestamp = Math.floor(now / 1000);
    expect(request?.headers["x-shepherd-timestamp"]).toBe(String(timestamp));
    const expected = createHmac("sha256", fakes.webhook.secret).update(`${timestamp}.${request?.body}`).digest("hex");
    expect(request?.headers["x-shepherd-signature"]).toBe(`sha256=${expected}`);
  });

  it("a wrong secret is refused by the receiver (401), not retried", async () => {
    const env = { ...fakes.env, SHEPHERD_WEBHOOK_SECRET: "another" };
    const before = fakes.webhook.requests.length;
    const error = await createChannelSender({ env, retry: recordingRetry() }).send(channelOf(fakes, "webhook"), noticeMessage()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", message: "channel webhook-channel: the webhook answered 401: bad signature" });
    expect(fakes.webhook.requests.length).toBe(before + 1);
  });

  it("a replayed delivery (timestamp ten minutes old) is refused", async () => {
    const error = await createChannelSender({ env: fakes.env, now: () => Date.now() - 600_000 }).send(channelOf(fakes, "webhook"), noticeMessage()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", message: expect.stringContaining("401: stale or missing timestamp") as unknown });
  });

  it("a retry after a 503 reaches the receiver once more with the same key, which it tells apart", async () => {
    fakes.webhook.fail({ status: 503, body: "busy" });
    const delivered = fakes.webhook.deliveries.length;
    const retry = recordingRetry();
    await createChannelSender({ env: fakes.env, retry }).send(channelOf(fakes, "webhook"), noticeMessage({ key: "notify/webhook/once" }));
    await createChannelSender({ env: fakes.env, retry }).send(channelOf(fakes, "webhook"), noticeMessage({ key: "notify/webhook/once" }));
    expect(retry.waits).toEqual([1000]);
    expect(fakes.webhook.deliveries.length).toBe(delivered + 1);
    expect(fakes.webhook.duplicates()).toBe(1);
  });
});
