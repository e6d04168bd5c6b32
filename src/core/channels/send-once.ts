/**
 * The one order every adapter sends a notice in: unless one of the tool's own comments (read
 * afresh) already carries its key, send it, then record the key. A failed send is a tracker error
 * of the run and records nothing, so the next run sends it again.
 */
import type { Comment } from "../model.ts";
import type { OperationOf } from "../plan.ts";
import { commentKeys } from "../text/hidden-key.ts";
import type { ChannelSender } from "./channel.ts";
import { channelFailure, noSender } from "./channel-failure.ts";

/** What the adapter gives: the comments as they are now, and how it records a sent key. */
export interface NoticeRecord {
  comments(): Promise<readonly Comment[]>;
  record(key: string): Promise<void>;
}

/** Send the notice unless a run already did; then record its key. True when it had been sent already. */
export async function sendOnce(op: OperationOf<"notify">, sender: ChannelSender | undefined, at: NoticeRecord): Promise<boolean> {
  if (sender === undefined) throw noSender(op);
  const key = op.message.key;
  if ((await at.comments()).some((c) => c.author.self === true && commentKeys(c).includes(key))) return true;
  try {
    await sender.send(op.via, op.message);
  } catch (error) {
    throw channelFailure(op, error);
  }
  await at.record(key);
  return false;
}
