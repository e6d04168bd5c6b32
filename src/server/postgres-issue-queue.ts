/**
 * The work queue of replicas that share one PostgreSQL: the `IssueQueue` the webhook server runs
 * its issues through, over a pg-boss queue of policy `stately` keyed by issue. Per key, pg-boss
 * keeps at most one job waiting and one running, and does not start a key's waiting job while
 * another replica runs that key — the local queue's guarantees, across replicas: one run of an
 * issue at a time, deliveries for a waiting issue folded into its one job, deliveries for a
 * running issue folded into one more run after it.
 *
 * A run that asks to be retried sends the issue's next job, deferred by the core retry policy's
 * wait (the tracker's advice, else the back-off), carrying its attempt number, so whichever
 * replica is free then runs it; a job already waiting (a delivery that came during the run)
 * covers the retry instead. A delivery that arrives while a retry waits folds into it. A replica
 * that dies mid-run stops its jobs' heartbeats: once a heartbeat is missed, pg-boss puts the job
 * back and another replica runs it (runs are level-triggered, so a run repeated after its effect
 * plans nothing).
 *
 * `push` has nothing to do (the delivery's job was sent in the same transaction that stored it).
 * The limit (SHEPHERD_QUEUE_LIMIT) is on the jobs waiting in the shared queue, all replicas
 * together, as counted every second plus those this replica sent since: past it a delivery is
 * answered 503 unless it folds into a job already waiting. Replicas see each other's new jobs at
 * the next count, so together they may go past the limit by what they accept within a second.
 * `drain` stops taking jobs and waits for the runs in hand; waiting jobs stay for the other
 * replicas, or the next start.
 */
import type { PgBoss } from "pg-boss";
import { retryWait } from "../core/retry-policy.ts";
import { type IssueQueue, type IssueQueueOptions, QUEUE_RETRY_POLICY } from "./issue-queue.ts";
import type { Backlog, IssueJob } from "./postgres-delivery-store.ts";

export interface PostgresIssueQueueOptions extends IssueQueueOptions {
  boss: PgBoss;
  /** The shared queue's name. */
  queue: string;
  /** Jobs waiting in the shared queue (for the limit, /healthz and the metrics). */
  backlog: Backlog;
  /** A retry that could not be sent (the job is then retried by pg-boss, as if the replica had died). */
  onError?: (error: unknown) => void;
}

/** Seconds between a worker's looks for due jobs. */
const POLL_SECONDS = 2;

/** Start taking jobs of the shared queue; `drain` stops. */
export function createPostgresIssueQueue(options: PostgresIssueQueueOptions): IssueQueue {
  const { boss, queue } = options;
  const policy = options.policy ?? QUEUE_RETRY_POLICY;
  const { backlog } = options;
  backlog.watchFrom(options.limit);
  const random = options.random ?? Math.random;
  let active = 0;
  let idle: (() => void)[] = [];
  let stopped: Promise<void> | undefined;

  const settle = (): void => {
    if (active > 0) return;
    const resolvers = idle;
    idle = [];
    for (const resolve of resolvers) resolve();
  };

  async function runJob(job: IssueJob): Promise<void> {
    const { issue } = job;
    const attempt = (job.attempt ?? 0) + 1;
    let outcome;
    try {
      outcome = await options.run(issue);
    } catch {
      outcome = undefined; // `run` reports its own failures; a throw must not fail the job
    }
    if (outcome === undefined) {
      options.onDone?.(issue);
      return;
    }
    const decision = retryWait(policy, attempt - 1, outcome.retryAfterMs, random);
    if (!decision.retry) {
      options.onGiveUp?.(issue, attempt, decision.why);
      return;
    }
    const next: IssueJob = { issue, attempt };
    // Whole seconds, rounded up: pg-boss defers by seconds.
    await boss.send(queue, next, { singletonKey: issue, startAfter: Math.max(1, Math.ceil(decision.waitMs / 1000)) });
    options.onRetry?.(issue, attempt, decision.waitMs);
  }

  // NOTIFY wakes a worker when a job is sent; a job that becomes due later (a retry, or one held
  // back while another replica ran its issue) is found by the poll, so the poll stays short.
  const polling = { pollingIntervalSeconds: POLL_SECONDS, notifyPollingIntervalSeconds: POLL_SECONDS };
  const working = boss.work<IssueJob>(queue, { localConcurrency: options.concurrency, ...polling }, async (jobs) => {
    for (const job of jobs) {
      active += 1;
      try {
        await runJob(job.data);
      } catch (error) {
        options.onError?.(error);
        throw error;
      } finally {
        active -= 1;
        settle();
      }
    }
  });
  working.catch((error: unknown) => options.onError?.(error));

  return {
    push: () => "queued",
    wouldAccept: (issue) => backlog.has(issue) || backlog.count() < options.limit,
    depth: () => backlog.count(),
    active: () => active,
    drain({ dropRetries = false } = {}) {
      if (dropRetries) {
        stopped ??= working.then(() => boss.offWork(queue, { wait: true })).catch((error: unknown) => options.onError?.(error));
        return stopped.then(() => undefined);
      }
      return new Promise<void>((resolve) => {
        idle.push(resolve);
        settle();
      });
    },
  };
}
