/**
 * Replicas benchmark: two `shepherd serve` processes on one PostgreSQL queue (`--queue`, on a
 * database of its own on the server `scripts/start-postgres.sh` starts), against the fake Jira in
 * a process of its own, no load balancer: signed deliveries (realistic issue payloads, a unique id
 * each, over many issues) go to each replica in turn over keep-alive connections, for a bounded
 * time (the client of `webhook-load.ts`, as the one-server benchmark's). Each 202 means the delivery's id and its job are committed in PostgreSQL; the replicas
 * work the shared queue meanwhile. Prints:
 *
 *   webhook replicas accepted: <N>/s           (both replicas together)
 *   webhook replicas p99: <N> ms
 *
 * or, when no PostgreSQL answers, `webhook replicas accepted: skipped (no PostgreSQL: run
 * scripts/start-postgres.sh)`.
 */
import { fileURLToPath } from "node:url";
import { createTestDatabase, postgresUrl } from "../test/server/replicas-postgres.ts";
import { benchEntry, type Child, deliveryBodies, fire, percentile, serverEnv, startChild, stop } from "./webhook-load.ts";

const SECRET = "bench-replicas-secret-41c9";
const REPLICAS = 2;

export interface ReplicasBenchOptions {
  /** Measured seconds (after a short warm-up). Default 10. */
  seconds?: number;
  /** Deliveries in flight at once, over both replicas. Default 32. */
  concurrency?: number;
  /** Distinct issues the deliveries are about. Default 500. */
  issues?: number;
}

export interface ReplicasFigures {
  acceptedPerSecond: number;
  p99Ms: number;
  statuses: Record<string, number>;
}

/** Measure two replicas on the PostgreSQL at `serverUrl`. */
export async function run(serverUrl: string, options: ReplicasBenchOptions = {}): Promise<ReplicasFigures> {
  const issueCount = options.issues ?? 500;
  const database = await createTestDatabase(serverUrl, "shepherd_bench");
  const jira = await startChild([benchEntry("./fake-jira-process.ts"), String(issueCount)], { PATH: process.env.PATH });
  const servers: Child[] = [];
  try {
    for (let index = 0; index < REPLICAS; index++) {
      servers.push(await startChild([benchEntry("./webhook-server-process.ts")], serverEnv(SECRET, String(jira.ready.url), { SHEPHERD_QUEUE: database.url })));
    }
    const fired = await fire({
      targets: servers.map((server) => new URL(String(server.ready.url))),
      bodies: deliveryBodies(SECRET, issueCount),
      concurrency: options.concurrency ?? 32,
      warmUpMs: 1000,
      seconds: options.seconds ?? 10,
      maxDeliveries: Number.POSITIVE_INFINITY,
      idPrefix: "bench-replicas",
    });
    return { acceptedPerSecond: Math.round(fired.accepted / fired.elapsed), p99Ms: Math.round(percentile(fired.latencies, 0.99) * 10) / 10, statuses: fired.statuses };
  } finally {
    await Promise.all(servers.map((server) => stop(server.child)));
    await stop(jira.child);
    await database.drop();
  }
}

/** `npm run bench` entry: two replicas for 10 s, or the line that says why not. */
export async function main(): Promise<void> {
  let server: string | undefined;
  try {
    server = await postgresUrl({ ...process.env, CI: undefined });
  } catch {
    server = undefined;
  }
  if (server === undefined) {
    process.stdout.write("webhook replicas accepted: skipped (no PostgreSQL: run scripts/start-postgres.sh)\n");
    return;
  }
  const figures = await run(server);
  process.stdout.write([`webhook replicas accepted: ${figures.acceptedPerSecond}/s`, `webhook replicas p99: ${figures.p99Ms} ms`, ""].join("\n"));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
