/**
 * The work queue of the webhook server: per-issue serialisation with coalescing.
 * An issue is processed by one worker at a time; deliveries for an issue that is already waiting
 * fold into that one run, and deliveries for an issue being processed fold into one more run
 * after it (the re-read then sees every change). Different issues run concurrently up to a limit.
 * The number of waiting issues is bounded: past it, `push` answers `full` and the caller says 503.
 * A run that asks to be run again is retried by the core's retry policy: after the wait the
 * tracker advised, else an exponential back-off with jitter, a bounded number of times and never
 * after a wait longer than the policy's longest (the next audit repairs the issue instead).
 */
import { type NoRetry, type RetryPolicy, retryPolicy, retryWait } from "../core/retry-policy.ts";

export type PushResult = "queued" | "coalesced" | "full";

/**
 * What a run asks for: nothing, or to be run again later (rate limit, transient failure), after
 * `retryAfterMs` when the tracker said how long.
 */
export type RunOutcome = undefined | { retryAfterMs?: number | undefined };

/**
 * The queue's retries: three re-runs of an issue per burst of deliveries, 5 s doubling to at most
 * a minute without advice, and no wait over 15 minutes.
 */
export const QUEUE_RETRY_POLICY: RetryPolicy = retryPolicy({ maxRetries: 3, initialBackoffMs: 5000, maxBackoffMs: 60_000, maxWaitMs: 15 * 60_000 });

export interface IssueQueueOptions {
  /** Most issues waiting (not counting those being processed). */
  limit: number;
  /** Issues processed at the same time. */
  concurrency: number;
  /**
   * Whether deliveries are arriving now. While it answers true, at most one issue is processed at
   * a time: accepting (storing and answering) comes first, and the work still moves; the queue
   * looks again every `BUSY_RECHECK_MS` and runs at full concurrency once it answers false.
   */
  busy?: () => boolean;
  run: (issue: string) => Promise<RunOutcome>;
  /** When and how often a run that asks for it is retried. Default `QUEUE_RETRY_POLICY`. */
  policy?: RetryPolicy;
  /** In [0, 1), for the back-off's jitter. Default Math.random. */
  random?: () => number;
  /** Called when a run is scheduled again or given up (`why`: no retries left, wait too long, shutdown). */
  onRetry?: (issue: string, attempt: number, delayMs: number) => void;
  onGiveUp?: (issue: string, attempts: number, why: NoRetry | "shutdown") => void;
  /** Called when a run ends with nothing more to do for the issue (no retry, no run after it). */
  onDone?: (issue: string) => void;
  setTimer?: (callback: () => void, ms: number) => { cancel(): void };
}

export interface IssueQueue {
  /**
   * Queue a run of the issue, folded into one already waiting. `force` takes it even past the
   * limit: work already promised (stored, or resumed at start) is never refused.
   */
  push(issue: string, options?: { force?: boolean }): PushResult;
  /** Whether `push` would take the issue now (room, or a run it folds into). */
  wouldAccept(issue: string): boolean;
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

/** How often a queue held back by `busy` looks again whether it may start more runs. */
export const BUSY_RECHECK_MS = 20;

const defaultTimer = (callback: () => void, ms: number): { cancel(): void } => {
  const timer = setTimeout(callback, ms);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};

export function createIssueQueue(options: IssueQueueOptions): IssueQueue {
  const policy = options.policy ?? QUEUE_RETRY_POLICY;
  const random = options.random ?? Math.random;
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
        // Retries made before this run: the first run is attempt 1.
        const decision = outcome === undefined || stopping ? undefined : retryWait(policy, attempt - 1, outcome.retryAfterMs, random);
        if (again.delete(issue)) {
          // New deliveries arrived during the run: one fresh run covers them and any retry.
          attempts.delete(issue);
          waiting.add(issue);
        } else if (decision?.retry === true) {
          attempts.set(issue, attempt);
          options.onRetry?.(issue, attempt, decision.waitMs);
          delayed.set(
            issue,
            setTimer(() => {
              delayed.delete(issue);
              waiting.add(issue);
              pump();
            }, decision.waitMs),
          );
        } else {
          if (outcome === undefined) options.onDone?.(issue);
          else options.onGiveUp?.(issue, attempt, decision?.retry === false ? decision.why : "shutdown");
          attempts.delete(issue);
        }
        pump();
        settle();
      });
  }

  /** A look again, set while `busy` holds runs back. */
  let recheck: { cancel(): void } | undefined;

  function pump(): void {
    const limit = options.busy?.() === true ? 1 : options.concurrency;
    for (const issue of waiting) {
      if (running.size >= limit) break;
      if (!running.has(issue)) start(issue);
    }
    if (limit < options.concurrency && recheck === undefined && running.size < options.concurrency && waiting.size > 0) {
      recheck = setTimer(() => {
        recheck = undefined;
        pump();
      }, BUSY_RECHECK_MS);
    }
  }

  const folds = (issue: string): boolean => waiting.has(issue) || again.has(issue) || delayed.has(issue);

  return {
    wouldAccept: (issue) => folds(issue) || depth() < options.limit,
    push(issue, { force = false } = {}) {
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
      if (!force && depth() >= options.limit) return "full";
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
          options.onGiveUp?.(issue, attempts.get(issue) ?? 0, "shutdown");
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
