/**
 * Slack, Teams, DingTalk and WeCom senders against local fakes that check each provider's
 * documented request (method, path, content type, fields, types, lengths) and answer like it;
 * DingTalk's signature is verified by the fake from the documentation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelError } from "../../src/core/channels/channel.ts";
import { createChannelSender } from "../../src/notify/create-channel-sender.ts";
import { type ChannelFakes, startChannelFakes } from "../fakes/channels/index.ts";
import { startFakeDingtalk } from "../fakes/channels/fake-dingtalk.ts";
import { channelOf, noticeMessage, recordingRetry } from "./notice-message.ts";

let fakes: ChannelFakes;
const noSleep = { sleep: () => Promise.resolve(), random: () => 0.5 };
beforeAll(async () => {
  fakes = await startChannelFakes();
});
afterAll(() => fakes.close());

const sender = () => createChannelSender({ env: fakes.env, retry: noSleep });

describe("Slack", () => {
  it("posts text and mrkdwn blocks with the title linking the issue", async () => {
    await sender().send(channelOf(fakes, "slack"), noticeMessage());
    expect(fakes.violations()).toEqual([]);
    const message = fakes.slack.messages.at(-1);
    expect(message?.text).toBe("P0 breached — resolution 4h, 1 h 12 min over — acme/shop#12: Checkout down");
    expect(JSON.stringify(message?.blocks)).toContain("*<https://github.com/acme/shop/issues/12|P0 breached");
    expect(JSON.stringify(message?.blocks)).toContain("Over by: 1 h 12 min");
  });

  it("reports Slack's error text, not retried", async () => {
    const before = fakes.slack.requests.length;
    const channel = { name: "room", kind: "slack" as const, url: { env: "WRONG_SLACK" } };
    const env = { WRONG_SLACK: `${fakes.slack.url}/services/T0/B0/nope` };
    const error = await createChannelSender({ env, retry: noSleep }).send(channel, noticeMessage()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ kind: "rejected", message: "channel room: Slack answered 404: no_service" });
    expect(fakes.slack.requests.length).toBe(before + 1);
    fakes.slack.violations.length = 0;
  });

  it("writes the text's Markdown bold as mrkdwn's", async () => {
    await sender().send(channelOf(fakes, "slack"), noticeMessage({ text: "Escalation level 1: **resolution** is breached" }));
    expect(JSON.stringify(fakes.slack.messages.at(-1)?.blocks)).toContain("Escalation level 1: *resolution* is breached");
  });

  it("keeps the section text within Slack's 3000 characters", async () => {
    await sender().send(channelOf(fakes, "slack"), noticeMessage({ text: "x".repeat(5000) }));
    expect(fakes.violations()).toEqual([]);
  });
});

describe("Microsoft Teams", () => {
  it("posts a message with one Adaptive Card whose button opens the issue", async () => {
    await sender().send(channelOf(fakes, "teams"), noticeMessage());
    expect(fakes.violations()).toEqual([]);
    const card = fakes.teams.cards.at(-1);
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.4", actions: [{ type: "Action.OpenUrl", title: "acme/shop#12", url: "https://github.com/acme/shop/issues/12" }] });
    expect(JSON.stringify(card?.["body"])).toContain("Checkout down");
  });

  it("a classic connector's 200 that says delivery failed with 429 is transient, and retried", async () => {
    fakes.teams.fail({ status: 200, body: "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0,server=msgapi-production" });
    const retry = recordingRetry();
    await createChannelSender({ env: fakes.env, retry }).send(channelOf(fakes, "teams"), noticeMessage());
    expect(retry.waits).toEqual([1000]);
    expect(fakes.violations()).toEqual([]);
  });

  it("a card without a link still has a body", async () => {
    await sender().send(channelOf(fakes, "teams"), noticeMessage({ url: "javascript:alert(1)" }));
    expect(fakes.violations()).toEqual([]);
    expect(fakes.teams.cards.at(-1)?.["actions"]).toBeUndefined();
  });
});

describe("DingTalk", () => {
  it("signs the request: the fake recomputes the HMAC of timestamp and secret", async () => {
    await sender().send(channelOf(fakes, "dingtalk"), noticeMessage());
    expect(fakes.violations()).toEqual([]);
    const request = fakes.dingtalk.requests.at(-1);
    expect(request?.query.get("timestamp")).toMatch(/^\d{13}$/);
    expect(fakes.dingtalk.messages.at(-1)?.title).toContain("Checkout down");
    expect(fakes.dingtalk.messages.at(-1)?.text).toContain("[acme/shop#12](https://github.com/acme/shop/issues/12)");
  });

  it("a wrong secret is refused as DingTalk does (310000), not retried", async () => {
    const before = fakes.dingtalk.requests.length;
    const env = { ...fakes.env, DINGTALK_SECRET: "SECnot-the-robots-secret" };
    const error = await createChannelSender({ env, retry: noSleep }).send(channelOf(fakes, "dingtalk"), noticeMessage()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", message: expect.stringContaining("channel dingtalk-channel: DingTalk refused the message: errcode 310000 sign not match") as unknown });
    expect(fakes.dingtalk.requests.length).toBe(before + 1);
  });

  it("a timestamp more than an hour off is refused", async () => {
    const error = await createChannelSender({ env: fakes.env, retry: noSleep, now: () => Date.now() - 2 * 3_600_000 }).send(channelOf(fakes, "dingtalk"), noticeMessage()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", message: expect.stringContaining("errcode 310000 invalid timestamp") as unknown });
  });

  it("an unsigned robot with a keyword gets the keyword from the title", async () => {
    const robot = await startFakeDingtalk({ keyword: "breached" });
    try {
      const channel = { name: "robot", kind: "dingtalk" as const, url: { env: "URL" } };
      await createChannelSender({ env: { URL: robot.webhookUrl }, retry: noSleep }).send(channel, noticeMessage());
      expect(robot.violations).toEqual([]);
      expect(robot.messages).toHaveLength(1);
      expect(robot.requests[0]?.query.has("sign")).toBe(false);
    } finally {
      await robot.close();
    }
  });

  it("more than 20 messages a minute (130101) are retried after a back-off", async () => {
    const robot = await startFakeDingtalk({ perMinute: 1 });
    const retry = recordingRetry();
    try {
      const channel = { name: "robot", kind: "dingtalk" as const, url: { env: "URL" } };
      const send = createChannelSender({ env: { URL: robot.webhookUrl }, retry });
      await send.send(channel, noticeMessage());
      const error = await send.send(channel, noticeMessage()).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: "transient", message: expect.stringContaining("errcode 130101") as unknown });
      expect(retry.waits).toEqual([1000, 2000, 4000]);
      expect(robot.requests).toHaveLength(5);
    } finally {
      await robot.close();
    }
  });
});

describe("WeCom", () => {
  it("posts markdown content to the robot", async () => {
    await sender().send(channelOf(fakes, "wecom"), noticeMessage());
    expect(fakes.violations()).toEqual([]);
    const content = fakes.wecom.messages.at(-1) ?? "";
    expect(content.startsWith("**P0 breached")).toBe(true);
    expect(content).toContain("[acme/shop#12](https://github.com/acme/shop/issues/12)");
  });

  it("keeps the content within 4096 bytes of UTF-8 and the link whole", async () => {
    await sender().send(channelOf(fakes, "wecom"), noticeMessage({ text: "结账页面无法打开。".repeat(400) }));
    expect(fakes.violations()).toEqual([]);
    const content = fakes.wecom.messages.at(-1) ?? "";
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(content)).toBeGreaterThan(4000);
    expect(content.endsWith("[acme/shop#12](https://github.com/acme/shop/issues/12)")).toBe(true);
  });

  it("a key WeCom does not know (93000) is rejected", async () => {
    const env = { ...fakes.env, WECOM_WEBHOOK_URL: `${fakes.wecom.url}/cgi-bin/webhook/send?key=other` };
    const error = await createChannelSender({ env, retry: noSleep }).send(channelOf(fakes, "wecom"), noticeMessage()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", message: expect.stringContaining("WeCom refused the message: errcode 93000") as unknown });
    fakes.wecom.violations.length = 0;
  });
});
