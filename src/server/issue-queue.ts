/**
 * The work queue of the webhook server: per-issue serialisation with coalescing.
 * An issue is processed by one worker at a time; deliveries for an issue that is already waiting
 * fold into that one run, and deliveries for an issue being processed fold into one more run
 * after it (the re-read then sees every change). Different issues run concurrently up to a limit.
 * The number of waiting issues is bounded: past it, `push` answers `full` and the caller says 503.
 */

export type PushResult = "queued" | "coalesced" | "full";

/** What a run asks for: nothing, or to be run again later (rate limit, transient failure). */
export type RunOutcome = undefined | { retryAfterMs: number };

export interface IssueQueueOptions {
  /** Most issues waiting (not counting those being processed). */
  limit: number;
  /** Issues processed at the same time. */
  concurrency: number;
  run: (issue: string) => Promise<RunOutcome>;
  /** Most runs of one issue for one burst of deliveries, retries included. Default 4. */
  maxAttempts?: number;
  /** Called when a run is scheduled again or given up. */
  onRetry?: (issue: string, attempt: number, delayMs: number) => void;
  onGiveUp?: (issue: string, attempts: number) => void;
  setTimer?: (callback: () => void, ms: number) => { cancel(): void };
}

export interface IssueQueue {
  push(issue: string): PushResult;
  /** Issues waiting (including those due a retry and re-runs after an active run). */
  depth(): number;
  /** Issues being processed. */
  active(): number;
  /**
   * Resolve once nothing is waiting or running. With `dropRetries` (shutdown), runs waiting for
   * a retry delay, and retries asked for from now on, are dropped rather than waited for: the
   * next audit repairs those issues.
   */
  drain(options?: { dropRetries?: boolean }): Promise<void>;
}

const defaultTimer = (callback: () => void, ms: number): { cancel(): void } => {
  const timer = setTimeout(callback, ms);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};

export function createIssueQueue(options: IssueQueueOptions): IssueQueue {
  const maxAttempts = options.maxAttempts ?? 4;
  const setTimer = options.setTimer ?? defaultTimer;
  const waiting = new Set<string>(); // insertion-ordered: FIFO
  const running = new Set<string>();
  const again = new Set<string>();
  const delayed = new Map<string, { cancel(): void }>();
  const attempts = new Map<string, number>();
  let idle: (() => void)[] = [];
  /** Set by a shutdown drain: runs asking for a retry are given up instead. */
  let stopping = false;

  const depth = (): number => waiting.size + again.size + delayed.size;

  function settle(): void {
    if (depth() === 0 && running.size === 0) {
      const resolvers = idle;
      idle = [];
      for (const resolve of resolvers) resolve();
    }
  }

  function start(issue: string): void {
    waiting.delete(issue);
    running.add(issue);
    let outcome: RunOutcome;
    options
      .run(issue)
      .then(
        (result) => {
          outcome = result;
        },
        () => {
          outcome = undefined; // `run` reports its own failures; a throw must not stop the queue
        },
      )
      .finally(() => {
        running.delete(issue);
        const attempt = (attempts.get(issue) ?? 0) + 1;
        if (again.delete(issue)) {
          // New deliveries arrived during the run: one fresh run covers them and any retry.
          attempts.delete(issue);
          waiting.add(issue);
        } else if (outcome !== undefined && attempt < maxAttempts && !stopping) {
          attempts.set(issue, attempt);
          options.onRetry?.(issue, attempt, outcome.retryAfterMs);
          delayed.set(
            issue,
            setTimer(() => {
              delayed.delete(issue);
              waiting.add(issue);
              pump();
            }, outcome.retryAfterMs),
          );
        } else {
          if (outcome !== undefined) options.onGiveUp?.(issue, attempt);
          attempts.delete(issue);
        }
        pump();
        settle();
      });
  }

  function pump(): void {
    for (const issue of waiting) {
      if (running.size >= options.concurrency) return;
      if (!running.has(issue)) start(issue);
    }
  }

  return {
    push(issue) {
      if (waiting.has(issue) || again.has(issue)) return "coalesced";
      const timer = delayed.get(issue);
      if (timer !== undefined) {
        // A new delivery makes the retry moot: run now.
        timer.cancel();
        delayed.delete(issue);
        attempts.delete(issue);
        waiting.add(issue);
        pump();
        return "coalesced";
      }
      if (depth() >= options.limit) return "full";
      if (running.has(issue)) again.add(issue);
      else {
        waiting.add(issue);
        pump();
      }
      return "queued";
    },
    depth,
    active: () => running.size,
    drain({ dropRetries = false } = {}) {
      if (dropRetries) {
        stopping = true;
        for (const [issue, timer] of delayed) {
          timer.cancel();
          options.onGiveUp?.(issue, attempts.get(issue) ?? 0);
          attempts.delete(issue);
        }
        delayed.clear();
      }
      return new Promise<void>((resolve) => {
        idle.push(resolve);
        settle();
      });
    },
  };
}
