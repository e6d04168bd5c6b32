/**
 * Replicas benchmark: two `shepherd serve` processes on one PostgreSQL queue (`--queue`, on a
 * database of its own on the server `scripts/start-postgres.sh` starts), against the fake Jira in
 * a process of its own, no load balancer: signed deliveries (realistic issue payloads, a unique id
 * each, over many issues) go to each replica in turn over keep-alive connections, for a bounded
 * time. Each 202 means the delivery's id and its job are committed in PostgreSQL; the replicas
 * work the shared queue meanwhile. Prints:
 *
 *   webhook replicas accepted: <N>/s           (both replicas together)
 *   webhook replicas p99: <N> ms
 *
 * or, when no PostgreSQL answers, `webhook replicas accepted: skipped (no PostgreSQL: run
 * scripts/start-postgres.sh)`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { JiraState } from "../test/fakes/jira/jira-state.ts";
import { supportIssue, USERS } from "../test/fakes/jira/seed.ts";
import { issueEvent, signed } from "../test/fakes/jira/webhook-payloads.ts";
import { createTestDatabase, postgresUrl } from "../test/server/replicas-postgres.ts";

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

const entry = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

async function startChild(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; ready: Record<string, unknown> }> {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "ignore"] });
  if (child.stdout === null) throw new Error("no stdout");
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${args[0] ?? "child"} exited with ${code} before it was ready`)));
    lines.once("line", (line) => resolve(JSON.parse(line) as Record<string, unknown>));
  });
  child.removeAllListeners("exit");
  return { child, ready };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function post(agent: Agent, url: URL, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, path: "/webhooks/jira", method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Measure two replicas on the PostgreSQL at `serverUrl`. */
export async function run(serverUrl: string, options: ReplicasBenchOptions = {}): Promise<ReplicasFigures> {
  const seconds = options.seconds ?? 10;
  const concurrency = options.concurrency ?? 32;
  const issueCount = options.issues ?? 500;
  const database = await createTestDatabase(serverUrl, "shepherd_bench");
  const jira = await startChild([entry("./fake-jira-process.ts"), String(issueCount)], { PATH: process.env.PATH });
  const servers: { child: ChildProcess; ready: Record<string, unknown> }[] = [];
  try {
    for (let index = 0; index < REPLICAS; index++) {
      servers.push(
        await startChild([entry("./webhook-server-process.ts")], {
          PATH: process.env.PATH,
          JIRA_WEBHOOK_SECRET: SECRET,
          JIRA_BASE_URL: String(jira.ready.url),
          JIRA_EMAIL: USERS.bot.emailAddress,
          JIRA_API_TOKEN: "test-api-token",
          LOG_LEVEL: "warn",
          SHEPHERD_QUEUE: database.url,
        }),
      );
    }
    const urls = servers.map((server) => new URL(String(server.ready.url)));

    const state = new JiraState(() => Date.parse("2026-03-10T09:00:00Z"));
    const bodies: { body: string; headers: Record<string, string> }[] = [];
    for (let index = 0; index < issueCount; index++) {
      const key = `SUP-${index + 1}`;
      state.add(supportIssue({ key, id: String(20_000 + index) }));
      const items = [{ field: "labels", fieldtype: "jira", fieldId: "labels", from: null, fromString: "", to: null, toString: "customer-reply" }];
      const delivery = signed(SECRET, issueEvent(state, key, "jira:issue_updated", { user: USERS.reporter, items }));
      bodies.push({ body: delivery.body, headers: delivery.headers });
    }

    const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: concurrency }));
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    let sent = 0;
    let accepted = 0;
    let measureStart = 0;
    let measureEnd = 0;
    const warmUpUntil = performance.now() + 1000;
    const deadline = warmUpUntil + seconds * 1000;
    const worker = async (): Promise<void> => {
      while (performance.now() < deadline) {
        const n = sent++;
        const template = bodies[n % bodies.length];
        if (template === undefined) return;
        const headers = { ...template.headers, "x-atlassian-webhook-identifier": `bench-replicas-${n}` };
        const started = performance.now();
        const status = await post(agents[n % REPLICAS] as Agent, urls[n % REPLICAS] as URL, template.body, headers);
        const ended = performance.now();
        if (started >= warmUpUntil) {
          if (measureStart === 0) measureStart = started;
          latencies.push(ended - started);
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 202) accepted += 1;
          measureEnd = ended;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, () => worker()));
    for (const agent of agents) agent.destroy();
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.min(latencies.length - 1, Math.ceil(0.99 * latencies.length) - 1)] ?? 0;
    return { acceptedPerSecond: Math.round(accepted / (Math.max(1, measureEnd - measureStart) / 1000)), p99Ms: Math.round(p99 * 10) / 10, statuses };
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
