/** A resolution cycle: it starts at creation or a reopen, and ends at a close (if any). */
export interface Cycle {
  index: number;
  start: number;
  end?: number | undefined;
  closeReason?: string | undefined;
  /** Closes of this cycle undone by a reopen that continued it: [closed, reopened) spans. */
  continued?: { from: number; to: number }[];
}
