/**
 * The channel sender's retries: transient failures (5xx, 429, no answer) retried with the core's
 * back-off or the provider's Retry-After, bounded; refusals and missing configuration thrown at
 * once; errors name the channel, never its secrets.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelError } from "../../src/core/channels/channel.ts";
import type { LogFields } from "../../src/core/logger.ts";
import { CHANNEL_RETRY_POLICY, createChannelSender } from "../../src/notify/create-channel-sender.ts";
import { type ChannelFakes, startChannelFakes } from "../fakes/channels/index.ts";
import { channelOf, noticeMessage, recordingRetry } from "./notice-message.ts";

let fakes: ChannelFakes;
beforeAll(async () => {
  fakes = await startChannelFakes();
});
afterAll(() => fakes.close());

const pager = () => ({ ...channelOf(fakes, "pagerduty"), name: "oncall-pager" });
const failure = (promise: Promise<void>) => promise.then(() => undefined, (e: unknown) => e as ChannelError);

describe("retries", () => {
  it("500 then 202: retried once after the back-off, one incident", async () => {
    fakes.pagerduty.fail({ status: 500, body: { status: "error" } });
    const retry = recordingRetry();
    const lines: LogFields[] = [];
    const logger = { log: (_level: string, event: string, fields?: LogFields) => void (event === "notify.retry" && lines.push(fields ?? {})) };
    await createChannelSender({ env: fakes.env, retry, logger }).send(pager(), noticeMessage({ dedupKey: "retry-500" }));
    expect(retry.waits).toEqual([1000]);
    expect(fakes.pagerduty.incidents.filter((i) => i.dedupKey === "retry-500")).toHaveLength(1);
    expect(lines).toEqual([expect.objectContaining({ channel: "oncall-pager", kind: "pagerduty", attempt: 1, waitMs: 1000 })]);
  });

  it("429 with Retry-After: the wait is the provider's, in seconds or as a date", async () => {
    const retry = recordingRetry();
    const now = Date.parse("2026-03-11T02:00:00Z");
    fakes.slack.fail({ status: 429, headers: { "retry-after": "7" }, body: "rate_limited" }, { status: 429, headers: { "retry-after": new Date(now + 3000).toUTCString() }, body: "rate_limited" });
    await createChannelSender({ env: fakes.env, retry, now: () => now }).send(channelOf(fakes, "slack"), noticeMessage());
    expect(retry.waits).toEqual([7000, 3000]);
    expect(fakes.violations()).toEqual([]);
  });

  it("a Retry-After past the longest wait is not sat out: the error carries it for later", async () => {
    const retry = recordingRetry();
    fakes.slack.fail({ status: 429, headers: { "retry-after": "120" }, body: "rate_limited" });
    const error = await failure(createChannelSender({ env: fakes.env, retry }).send(channelOf(fakes, "slack"), noticeMessage()));
    expect(retry.waits).toEqual([]);
    expect(error).toMatchObject({ kind: "transient", retryAfter: 120 });
    expect(error?.message).toBe("channel slack-channel: Slack answered 429: rate_limited (rate limited, retry after 120 s); the wait asked for is longer than the 60 s the tool waits; gave up after 1 attempt");
  });

  it("400 is not retried", async () => {
    const retry = recordingRetry();
    const before = fakes.teams.requests.length;
    fakes.teams.fail({ status: 400, body: { error: { code: "InvalidRequestContent", message: "bad card" } } });
    const error = await failure(createChannelSender({ env: fakes.env, retry }).send(channelOf(fakes, "teams"), noticeMessage()));
    expect(error).toMatchObject({ kind: "rejected" });
    expect(error?.message).toContain("Microsoft Teams answered 400");
    expect(retry.waits).toEqual([]);
    expect(fakes.teams.requests.length).toBe(before + 1);
  });

  it("a missing variable is a config error, never retried, nothing sent", async () => {
    const retry = recordingRetry();
    const before = fakes.pagerduty.requests.length;
    const env = { ...fakes.env, PAGERDUTY_ROUTING_KEY: undefined };
    const error = await failure(createChannelSender({ env, retry }).send(pager(), noticeMessage()));
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ kind: "config" });
    expect(error?.message).toMatch(/^channel oncall-pager: PAGERDUTY_ROUTING_KEY is not set/);
    expect(retry.waits).toEqual([]);
    expect(fakes.pagerduty.requests.length).toBe(before);
  });

  it("a variable that is not a URL is a config error that does not show its value", async () => {
    const error = await failure(createChannelSender({ env: { ...fakes.env, SLACK_WEBHOOK_URL: "hooks.slack.com/services/T/B/secret-token" } }).send(channelOf(fakes, "slack"), noticeMessage()));
    expect(error).toMatchObject({ kind: "config" });
    expect(error?.message).toContain("SLACK_WEBHOOK_URL is not an http(s) URL");
    expect(error?.message).not.toContain("secret-token");
  });

  it("a kind it has no sender for is a config error, not a silent success", async () => {
    const channel = { name: "fax", kind: "fax" } as unknown as Parameters<ReturnType<typeof createChannelSender>["send"]>[0];
    const error = await failure(createChannelSender({ env: {} }).send(channel, noticeMessage()));
    expect(error).toMatchObject({ kind: "config", message: "channel fax: no sender for the kind fax" });
  });

  it("503 every time: four attempts, then the last error", async () => {
    const retry = recordingRetry();
    fakes.wecom.fail({ status: 503, body: "busy", times: 4 });
    const error = await failure(createChannelSender({ env: fakes.env, retry }).send(channelOf(fakes, "wecom"), noticeMessage()));
    expect(retry.waits).toEqual([1000, 2000, 4000]);
    expect(error?.message).toBe("channel wecom-channel: WeCom answered 503: busy; gave up after 4 attempts");
    expect(error?.message).not.toContain("key=");
  });

  it("no answer (connection refused) is transient and retried", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const retry = recordingRetry();
    const error = await failure(createChannelSender({ env: { URL: `http://127.0.0.1:${port}/services/x` }, retry }).send({ name: "room", kind: "slack", url: { env: "URL" } }, noticeMessage()));
    expect(error).toMatchObject({ kind: "transient", message: "channel room: no answer (ECONNREFUSED); gave up after 4 attempts" });
    expect(retry.waits).toHaveLength(3);
  });

  it("an answer that does not come within the timeout is transient", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const retry = recordingRetry();
      const error = await failure(createChannelSender({ env: { URL: `http://127.0.0.1:${port}/x` }, retry: { ...retry, policy: { ...CHANNEL_RETRY_POLICY, maxRetries: 1 } }, timeoutMs: 150 }).send({ name: "hook", kind: "webhook", url: { env: "URL" }, secret: { env: "URL" } }, noticeMessage()));
      expect(error).toMatchObject({ kind: "transient", message: "channel hook: no answer within 150 ms; gave up after 2 attempts" });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
