/**
 * The PagerDuty sender against a fake Events API v2 that checks each event's documented shape
 * and pairs triggers and resolves by dedup key as PagerDuty does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannelSender } from "../../src/notify/create-channel-sender.ts";
import { pagerdutyDedupKey } from "../../src/notify/send-pagerduty.ts";
import { type ChannelFakes, startChannelFakes } from "../fakes/channels/index.ts";
import { channelOf, noticeMessage, recordingRetry } from "./notice-message.ts";

let fakes: ChannelFakes;
beforeAll(async () => {
  fakes = await startChannelFakes();
});
afterAll(() => fakes.close());

describe("PagerDuty Events API v2", () => {
  it("triggers one incident per dedup key, and a resolve closes it", async () => {
    const pager = channelOf(fakes, "pagerduty");
    const send = createChannelSender({ env: fakes.env, retry: recordingRetry() });
    await send.send(pager, noticeMessage({ dedupKey: "acme/shop#12/resolution/cycle-1" }));
    await send.send(pager, noticeMessage({ dedupKey: "acme/shop#12/resolution/cycle-1", key: "notify/x/resolution/cycle-1/level-2", level: 2 }));
    await send.send(pager, noticeMessage({ dedupKey: "acme/shop#13/resolution/cycle-1", issue: "acme/shop#13" }));
    expect(fakes.violations()).toEqual([]);
    expect(fakes.pagerduty.openIncidents().map((i) => [i.dedupKey, i.triggers])).toEqual([
      ["acme/shop#12/resolution/cycle-1", 2],
      ["acme/shop#13/resolution/cycle-1", 1],
    ]);
    await send.send(pager, noticeMessage({ event: "resolve", dedupKey: "acme/shop#12/resolution/cycle-1" }));
    expect(fakes.violations()).toEqual([]);
    expect(fakes.pagerduty.openIncidents().map((i) => i.dedupKey)).toEqual(["acme/shop#13/resolution/cycle-1"]);
    expect(fakes.pagerduty.events.at(-1)).toEqual({ routing_key: fakes.pagerduty.routingKey, event_action: "resolve", dedup_key: "acme/shop#12/resolution/cycle-1" });
  });

  it("sends the documented trigger: summary, source, severity, details and a link to the issue", async () => {
    await createChannelSender({ env: fakes.env }).send(channelOf(fakes, "pagerduty"), noticeMessage({ dedupKey: "shape", title: "t".repeat(2000) }));
    expect(fakes.violations()).toEqual([]);
    const event = fakes.pagerduty.events.at(-1) as { payload: Record<string, unknown>; links: unknown };
    expect((event.payload["summary"] as string).length).toBe(1024);
    expect(event.payload).toMatchObject({ source: "acme/shop#12", severity: "critical", component: "resolution", class: "P0", custom_details: { priority: "P0", overrun_minutes: 72, level: 1 } });
    expect(event.links).toEqual([{ href: "https://github.com/acme/shop/issues/12", text: "acme/shop#12" }]);
  });

  it("a dedup key over 255 characters is sent as its SHA-256, the same for every notice", async () => {
    const long = `acme/shop#12/${"x".repeat(300)}`;
    expect(pagerdutyDedupKey(long)).toMatch(/^[0-9a-f]{64}$/);
    await createChannelSender({ env: fakes.env }).send(channelOf(fakes, "pagerduty"), noticeMessage({ dedupKey: long }));
    expect(fakes.violations()).toEqual([]);
    expect(fakes.pagerduty.events.at(-1)?.["dedup_key"]).toBe(pagerdutyDedupKey(long));
  });

  it("an info notice pages no one: it is a change event", async () => {
    const open = fakes.pagerduty.openIncidents().length;
    await createChannelSender({ env: fakes.env }).send(channelOf(fakes, "pagerduty"), noticeMessage({ event: "info", severity: "info" }));
    expect(fakes.violations()).toEqual([]);
    expect(fakes.pagerduty.changeEvents).toHaveLength(1);
    expect(fakes.pagerduty.openIncidents()).toHaveLength(open);
  });

  it("an invalid event (400) is rejected with PagerDuty's errors, not retried", async () => {
    const env = { ...fakes.env, PAGERDUTY_ROUTING_KEY: "not-the-integration-key" };
    const before = fakes.pagerduty.requests.length;
    const error = await createChannelSender({ env, retry: recordingRetry() }).send(channelOf(fakes, "pagerduty"), noticeMessage()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", message: "channel pagerduty-channel: PagerDuty answered 400: Event object is invalid; routing_key is not the integration's key" });
    expect(fakes.pagerduty.requests.length).toBe(before + 1);
    fakes.pagerduty.violations.length = 0;
  });
});
