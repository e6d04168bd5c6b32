/**
 * Where the notices of an audit on a snapshot go: a snapshot is no live issue, so its notices
 * reach nobody — each is appended, as one JSON line, to the outbox file beside the snapshot
 * (`demo/snapshot.json` → `demo/snapshot.notices.jsonl`), and recorded in the snapshot as sent,
 * so that a rerun on the same snapshot sends nothing twice, as on a live tracker.
 */
import { appendFileSync } from "node:fs";
import type { ChannelSender } from "../core/channels/channel.ts";
import { ChannelError } from "../core/channels/channel.ts";

/** The outbox of a snapshot file: its path with `.json` replaced by `.notices.jsonl`. */
export const outboxPath = (snapshot: string): string => `${snapshot.replace(/\.json$/i, "")}.notices.jsonl`;

/** A sender that writes each notice to the outbox file, with the instant of the audit. */
export function createOutboxSender(path: string, now: () => number): ChannelSender {
  return {
    send(channel, message) {
      try {
        appendFileSync(path, `${JSON.stringify({ at: new Date(now()).toISOString(), kind: channel.kind, ...message })}\n`);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(new ChannelError("config", `cannot write the outbox ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
      }
    },
  };
}
