/**
 * How an adapter reports a notice it could not send: as a tracker error of the run (a failed
 * operation, exit 1) that names the channel and says why, never as a thrown stack.
 */
import type { OperationOf } from "../plan.ts";
import { TrackerError } from "../tracker.ts";
import { ChannelError } from "./channel.ts";

/** A sender's failure as a tracker error: `transient` stays retryable, the others are `invalid`. */
export function channelFailure(op: OperationOf<"notify">, error: unknown): TrackerError {
  const where = `channel ${op.channel} (${op.via.kind})`;
  if (error instanceof ChannelError) {
    return new TrackerError(error.kind === "transient" ? "transient" : "invalid", `${where}: ${error.message}`, {
      cause: error,
      ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
    });
  }
  return new TrackerError("transient", `${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** The error of a notice with no sender to send it. */
export const noSender = (op: OperationOf<"notify">): TrackerError =>
  new TrackerError("invalid", `no channel sender configured: the notice ${op.message.key} to ${op.channel} was not sent (this run was started without channels)`);
