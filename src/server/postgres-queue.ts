/**
 * `shepherd serve --queue postgres://…` (or SHEPHERD_QUEUE): any number of servers share one
 * queue in PostgreSQL. The queue is pg-boss, a maintained job queue on PostgreSQL that already
 * has what replicas need and a home-made queue would have to get right: a `stately` queue keyed
 * by issue (one job waiting and one running per issue, across every replica), jobs taken with
 * SKIP LOCKED, heartbeats that give a dead replica's jobs to the others, deferred jobs, and
 * LISTEN/NOTIFY so that a free replica starts a job as soon as it is sent. The delivery ids for
 * dedupe are a table beside it (`postgres-delivery-store.ts`), written in the same transaction as
 * the job.
 *
 * Opening connects (a server that cannot reach the database does not start), installs or
 * migrates pg-boss's schema and the ids table, and creates the queue (finished jobs are deleted
 * after an hour, the ids past the dedupe window every few seconds: both stay bounded); the heartbeat
 * (SHEPHERD_QUEUE_HEARTBEAT_SECONDS, default 30, at least 10) says how soon a killed replica's
 * runs are taken over.
 */
import pg from "pg";
import { PgBoss } from "pg-boss";
import type { DeliveryStore } from "./delivery-store.ts";
import type { IssueQueue, IssueQueueOptions } from "./issue-queue.ts";
import { createPostgresDeliveryStore, DELIVERIES_SCHEMA, DELIVERIES_TABLE } from "./postgres-delivery-store.ts";
import { createPostgresIssueQueue } from "./postgres-issue-queue.ts";

/** The pg-boss queue every replica works. */
export const ISSUE_QUEUE = "shepherd-issues";
/** Seconds a run's heartbeat may be missed before another replica takes its job, unless told. */
export const DEFAULT_HEARTBEAT_SECONDS = 30;
/** pg-boss's lowest heartbeat. */
const MIN_HEARTBEAT_SECONDS = 10;
/** Times a job is given again after its replica went quiet, before the next audit is left to repair it. */
const CRASH_RETRIES = 5;
/** Finished jobs are kept this long (to look into), then deleted: the job table stays bounded. */
const KEEP_FINISHED_SECONDS = 3600;
/** How often finished jobs past that are deleted. */
const MAINTENANCE_SECONDS = 300;

/** The queue cannot be used; the message says why, for the operator. */
export class QueueOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueueOpenError";
  }
}

export interface QueueChoice {
  url: string;
  heartbeatSeconds: number;
}

/** The URL without its password, for messages and logs. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(a URL that cannot be read)";
  }
}

/**
 * Read `--queue` and SHEPHERD_QUEUE (the flag first) and SHEPHERD_QUEUE_HEARTBEAT_SECONDS;
 * `undefined` when neither names a queue (one server on its own store).
 */
export function chooseQueue(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): QueueChoice | { error: string } | undefined {
  const given = flag ?? env.SHEPHERD_QUEUE;
  if (given === undefined || given.trim() === "") return undefined;
  const where = flag === undefined ? "SHEPHERD_QUEUE" : "--queue";
  let parsed: URL;
  try {
    parsed = new URL(given.trim());
  } catch {
    return { error: `${where} must be a PostgreSQL URL such as postgres://user:password@host:5432/database; found ${JSON.stringify(shownUrl(given))}` };
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    return { error: `${where} must be a PostgreSQL URL (postgres:// or postgresql://); found one of scheme ${JSON.stringify(parsed.protocol)}. For one server on its own, leave it unset and use --store` };
  }
  const raw = env.SHEPHERD_QUEUE_HEARTBEAT_SECONDS;
  let heartbeatSeconds = DEFAULT_HEARTBEAT_SECONDS;
  if (raw !== undefined && raw.trim() !== "") {
    heartbeatSeconds = Number(raw);
    if (!Number.isInteger(heartbeatSeconds) || heartbeatSeconds < MIN_HEARTBEAT_SECONDS) {
      return { error: `SHEPHERD_QUEUE_HEARTBEAT_SECONDS must be a whole number of seconds, at least ${MIN_HEARTBEAT_SECONDS}; found ${JSON.stringify(raw)}. Leave it unset for ${DEFAULT_HEARTBEAT_SECONDS}` };
    }
  }
  return { url: given.trim(), heartbeatSeconds };
}

export interface PostgresQueue {
  /** Where deliveries are recorded (ids and jobs, in one transaction). */
  store: DeliveryStore;
  /** The webhook server's queue: pg-boss workers that run the server's issues. */
  createQueue: (options: IssueQueueOptions) => IssueQueue;
  /** Stop the workers (if the server did not) and close the connections. Idempotent. */
  close(): Promise<void>;
}

export interface OpenQueueOptions {
  dedupeWindow?: number;
  /** Runs at once in this replica: the connections it needs. */
  concurrency: number;
  onError?: (error: unknown) => void;
  onWarning?: (warning: { message: string }) => void;
}

const reason = (error: unknown): string => {
  if (error instanceof AggregateError && error.errors.length > 0) return reason(error.errors[0]);
  const code = (error as { code?: unknown }).code;
  const text = error instanceof Error ? error.message : String(error);
  if (typeof code !== "string") return text === "" ? "unknown error" : text;
  return text.includes(code) ? text : `${code}: ${text}`;
};

/** Connect, install the schema and create the queue; throws `QueueOpenError` when the database cannot be used. */
export async function openPostgresQueue(choice: QueueChoice, options: OpenQueueOptions): Promise<PostgresQueue> {
  const shown = shownUrl(choice.url);
  const connections = options.concurrency + 4;
  const pool = new pg.Pool({ connectionString: choice.url, max: connections, connectionTimeoutMillis: 10_000, application_name: "shepherd serve" });
  pool.on("error", (error) => options.onError?.(error));
  // Expired heartbeats are looked for a few times per heartbeat.
  const superviseSeconds = Math.max(1, Math.floor(choice.heartbeatSeconds / 5));
  const boss = new PgBoss({
    connectionString: choice.url,
    max: connections,
    connectionTimeoutMillis: 10_000,
    application_name: "shepherd serve (queue)",
    useListenNotify: true,
    superviseIntervalSeconds: superviseSeconds,
    monitorIntervalSeconds: superviseSeconds,
    maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
    schedule: false,
  });
  boss.on("error", (error) => options.onError?.(error));
  boss.on("warning", (warning) => options.onWarning?.(warning));
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new QueueOpenError(`cannot reach the queue's database at ${shown} (${reason(error)}); check the URL, that PostgreSQL runs there and that this user may log in`);
  }
  try {
    await pool.query(DELIVERIES_SCHEMA);
    await boss.start();
    const settings = { policy: "stately", heartbeatSeconds: choice.heartbeatSeconds, retryLimit: CRASH_RETRIES, retryDelay: 1, deleteAfterSeconds: KEEP_FINISHED_SECONDS, notify: true } as const;
    if ((await boss.getQueue(ISSUE_QUEUE)) === null) await boss.createQueue(ISSUE_QUEUE, settings);
    const { policy: _policy, ...changeable } = settings;
    await boss.updateQueue(ISSUE_QUEUE, changeable);
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw new QueueOpenError(`cannot set up the queue in ${shown} (${reason(error)}); the user needs to create tables and a schema there (pg-boss's, and ${DELIVERIES_TABLE})`);
  }
  const store = createPostgresDeliveryStore({
    pool,
    boss,
    queue: ISSUE_QUEUE,
    ...(options.dedupeWindow === undefined ? {} : { dedupeWindow: options.dedupeWindow }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  await store.refresh().catch((error: unknown) => options.onError?.(error));
  let closing: Promise<void> | undefined;
  return {
    store: {
      ...store,
      // The server closes its store once the queue has drained: then the connections can go too.
      close: () => close(),
    },
    createQueue: (queueOptions) =>
      createPostgresIssueQueue({
        ...queueOptions,
        boss,
        queue: ISSUE_QUEUE,
        backlog: store.backlog,
        ...(options.onError === undefined ? {} : { onError: options.onError }),
      }),
    close,
  };

  function close(): Promise<void> {
    closing ??= (async () => {
      await store.close();
      // Runs still in hand (a drain that timed out) keep their jobs active: their heartbeat stops, and another replica takes them.
      await boss.stop({ graceful: false, close: true }).catch((error: unknown) => options.onError?.(error));
      await pool.end().catch((error: unknown) => options.onError?.(error));
    })();
    return closing;
  }
}
