/**
 * What the webhook benchmarks share (`webhook.ts`: one server and its ceiling; `replicas.ts`: two
 * replicas on PostgreSQL): starting and stopping the processes, reading their memory and CPU from
 * /proc, the signed delivery bodies, and the client that fires them over keep-alive connections
 * for a bounded time and records each answer's status and latency.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { JiraState } from "../test/fakes/jira/jira-state.ts";
import { supportIssue, USERS } from "../test/fakes/jira/seed.ts";
import { issueEvent, signed } from "../test/fakes/jira/webhook-payloads.ts";

/** A file of the bench folder, as a path. */
export const benchEntry = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

export interface Child {
  child: ChildProcess;
  /** The JSON line it printed once ready (`url`, `pid`). */
  ready: Record<string, unknown>;
}

/** Start a child and read the JSON line it prints once ready. */
export async function startChild(args: string[], env: NodeJS.ProcessEnv): Promise<Child> {
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

/** SIGTERM (a drain), SIGKILL after 30 s; answers the exit code. */
export function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve(child.exitCode);
      return;
    }
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill("SIGTERM");
  });
}

/** A field of /proc/PID/status in bytes (VmRSS, VmHWM); undefined where /proc is not there. */
export function procMemory(pid: number, field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * CPU time a process has used so far (user + system, from /proc), in ms; undefined where /proc is
 * not there. With `thread`, that thread's alone (the main thread's id is the process's).
 */
export function cpuMs(pid: number, thread?: number): number | undefined {
  try {
    const file = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
    const fields = readFileSync(file, "utf8").split(") ")[1]?.split(" ") ?? [];
    // utime and stime are the 12th and 13th fields after the command name, in clock ticks (100 a second).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** CPU time of this process (the client) so far, in ms. */
export const clientCpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** POST a delivery; answers the status. */
export function post(agent: Agent, url: URL, body: string, headers: Record<string, string>): Promise<number> {
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

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

/** The environment of `webhook-server-process.ts` against the fake Jira at `jiraUrl`. */
export function serverEnv(secret: string, jiraUrl: string, more: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, JIRA_WEBHOOK_SECRET: secret, JIRA_BASE_URL: jiraUrl, JIRA_EMAIL: USERS.bot.emailAddress, JIRA_API_TOKEN: "test-api-token", LOG_LEVEL: "warn", ...more };
}

/** Realistic bodies (whole issues, as Jira sends them), one per issue, signed once; each delivery gets its own id. */
export function deliveryBodies(secret: string, issueCount: number): { body: string; headers: Record<string, string> }[] {
  const state = new JiraState(() => Date.parse("2026-03-10T09:00:00Z"));
  const bodies: { body: string; headers: Record<string, string> }[] = [];
  for (let index = 0; index < issueCount; index++) {
    const key = `SUP-${index + 1}`;
    state.add(supportIssue({ key, id: String(20_000 + index) }));
    const items = [{ field: "labels", fieldtype: "jira", fieldId: "labels", from: null, fromString: "", to: null, toString: "customer-reply" }];
    const delivery = signed(secret, issueEvent(state, key, "jira:issue_updated", { user: USERS.reporter, items }));
    bodies.push({ body: delivery.body, headers: delivery.headers });
  }
  return bodies;
}

export interface FireOptions {
  /** Where the deliveries go, in turn. */
  targets: readonly URL[];
  bodies: readonly { body: string; headers: Record<string, string> }[];
  /** Deliveries in flight at once. */
  concurrency: number;
  warmUpMs: number;
  seconds: number;
  maxDeliveries: number;
  /** Delivery ids are `<prefix>-<n>`. */
  idPrefix: string;
  /** Deliveries a second, sent at that pace; unset: as fast as answers come. */
  ratePerSecond?: number | undefined;
  /** Called once, when the first measured delivery is sent (after the warm-up). */
  onMeasureStart?: () => void;
}

export interface FireResult {
  sent: number;
  accepted: number;
  /** Latencies of the measured deliveries, ms, ascending. */
  latencies: number[];
  statuses: Record<string, number>;
  /** Seconds from the first measured delivery sent to the last answered. */
  elapsed: number;
}

/** Fire signed deliveries until the time or the count is up; only those sent after the warm-up are measured. */
export async function fire(options: FireOptions): Promise<FireResult> {
  const agents = options.targets.map(() => new Agent({ keepAlive: true, maxSockets: options.concurrency }));
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  let accepted = 0;
  let measureStart: number | undefined;
  let measureEnd = 0;
  const begun = performance.now();
  const warmUpUntil = begun + options.warmUpMs;
  const deadline = warmUpUntil + options.seconds * 1000;
  const pace = options.ratePerSecond;
  const worker = async (): Promise<void> => {
    while (sent < options.maxDeliveries && performance.now() < deadline) {
      const n = sent++;
      const template = options.bodies[n % options.bodies.length];
      if (template === undefined) return;
      if (pace !== undefined) {
        const wait = begun + (n * 1000) / pace - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const target = n % options.targets.length;
      const headers = { ...template.headers, "x-atlassian-webhook-identifier": `${options.idPrefix}-${n}` };
      const started = performance.now();
      if (measureStart === undefined && started >= warmUpUntil) {
        measureStart = started;
        options.onMeasureStart?.();
      }
      const status = await post(agents[target] as Agent, options.targets[target] as URL, template.body, headers);
      const ended = performance.now();
      if (measureStart !== undefined && started >= measureStart) {
        latencies.push(ended - started);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 202) accepted += 1;
        measureEnd = ended;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
  for (const agent of agents) agent.destroy();
  latencies.sort((a, b) => a - b);
  return { sent, accepted, latencies, statuses, elapsed: Math.max(1, measureEnd - (measureStart ?? measureEnd)) / 1000 };
}
