/**
 * Per-issue write pacing: Jira Cloud limits writes to one issue separately from the
 * site-wide budget (`RateLimit-Reason: jira-per-issue-on-write`). Writes to the same issue are
 * spaced by an interval that doubles whenever Jira says that limit was hit and relaxes back on
 * each write that went through. Writes to different issues are not held up.
 */

export interface WritePacer {
  /** Wait until the next write to this issue may go. */
  wait(issueKey: string): Promise<void>;
  /** Jira refused a write to this issue for its per-issue limit: slow down for it. */
  slowDown(issueKey: string): void;
}

export interface PacerOptions {
  /** Least time between two writes to one issue. Default 200 ms. */
  intervalMs?: number;
  /** Ceiling for the interval after slow-downs. Default 5 s. */
  maxIntervalMs?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

interface Slot {
  /** When the next write may start. */
  nextAt: number;
  intervalMs: number;
}

/** Most issues remembered; the oldest are forgotten first (they are long past their interval). */
const MAX_TRACKED = 1000;

export function createWritePacer(options: PacerOptions): WritePacer {
  const base = options.intervalMs ?? 200;
  const ceiling = options.maxIntervalMs ?? 5000;
  const slots = new Map<string, Slot>();

  return {
    async wait(issueKey) {
      const now = options.now();
      const slot = slots.get(issueKey) ?? { nextAt: now, intervalMs: base };
      const startAt = Math.max(now, slot.nextAt);
      // Reserve the slot before sleeping so that concurrent writers queue behind each other.
      slots.delete(issueKey);
      slots.set(issueKey, { nextAt: startAt + slot.intervalMs, intervalMs: Math.max(base, Math.floor(slot.intervalMs / 2)) });
      if (slots.size > MAX_TRACKED) {
        const oldest = slots.keys().next().value;
        if (oldest !== undefined) slots.delete(oldest);
      }
      if (startAt > now) await options.sleep(startAt - now);
    },
    slowDown(issueKey) {
      const slot = slots.get(issueKey) ?? { nextAt: options.now(), intervalMs: base };
      const intervalMs = Math.min(ceiling, slot.intervalMs * 2);
      slots.set(issueKey, { nextAt: Math.max(slot.nextAt, options.now() + intervalMs), intervalMs });
    },
  };
}
