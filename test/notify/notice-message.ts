/** A notice as the core's notify operation makes one, for the senders' tests. */
import type { Channel, ChannelMessage } from "../../src/core/channels/channel.ts";
import type { ChannelFakes } from "../fakes/channels/index.ts";

/** A P0 breach at level 1, with `changes` applied. */
export function noticeMessage(changes: Partial<ChannelMessage> = {}): ChannelMessage {
  return {
    channel: "test",
    key: "notify/test/resolution/cycle-1/level-1",
    event: "trigger",
    dedupKey: "acme/shop#12/resolution/cycle-1",
    severity: "critical",
    title: "P0 breached — resolution 4h, 1 h 12 min over — acme/shop#12: Checkout down",
    text: "Clock: resolution\nTarget: 4h\nOver by: 1 h 12 min\nPriority: P0\nhttps://github.com/acme/shop/issues/12",
    url: "https://github.com/acme/shop/issues/12",
    issue: "acme/shop#12",
    priority: "P0",
    clock: "resolution",
    target: "4h",
    overrunMinutes: 72,
    level: 1,
    ...changes,
  };
}

/** The fakes' channel of `kind`. */
export function channelOf<K extends Channel["kind"]>(fakes: ChannelFakes, kind: K): Extract<Channel, { kind: K }> {
  const channel = fakes.channels.find((c) => c.kind === kind);
  if (channel === undefined) throw new Error(`no ${kind} channel`);
  return channel as Extract<Channel, { kind: K }>;
}

/** Retry options whose sleep records the waits instead of sitting them out (jitter fixed at none). */
export function recordingRetry(): { waits: number[]; sleep: (ms: number) => Promise<void>; random: () => number } {
  const waits: number[] = [];
  return { waits, sleep: (ms) => (waits.push(ms), Promise.resolve()), random: () => 0.5 };
}
