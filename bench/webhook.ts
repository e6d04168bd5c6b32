/**
 * Webhook load benchmark (target: at least 1,000 signed deliveries a second accepted, p99 accept
 * latency under 50 ms on 2 cores, memory bounded). Starts the fake Jira and `shepherd serve` as processes of
 * their own, then fires signed deliveries (realistic issue payloads, a unique delivery id each,
 * spread over many issues) from this process over keep-alive connections, for a bounded time and
 * count, on loopback only. The server really works meanwhile: it re-reads, evaluates and applies
 * against the fake Jira. Prints:
 *
 *   webhook accepted: <N>/s
 *   webhook p99: <N> ms
 *   webhook peak rss: <N> MB
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { JiraState } from "../test/fakes/jira/jira-state.ts";
import { supportIssue, USERS } from "../test/fakes/jira/seed.ts";
import { issueEvent, signed } from "../test/fakes/jira/webhook-payloads.ts";

const SECRET = "bench-webhook-secret-8d1f";

export interface WebhookBenchOptions {
  /** Measured seconds (after a short warm-up). Default 5. */
  seconds?: number;
  /** Most deliveries sent in all. Default 40,000. */
  maxDeliveries?: number;
  /** Deliveries in flight at once (Jira sends in parallel). Default 32. */
  concurrency?: number;
  /** Distinct issues the deliveries are about. Default 500. */
  issues?: number;
}

export interface WebhookFigures {
  acceptedPerSecond: number;
  p99Ms: number;
  peakRssMb: number;
  sent: number;
  statuses: Record<string, number>;
}

const entry = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

/** Start a child and read the JSON line it prints once ready. */
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

function stop(child: ChildProcess): Promise<number | null> {
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

/** Peak resident memory of a process: VmHWM from /proc (Linux), else the server's own figure. */
async function peakRss(pid: number, baseUrl: string): Promise<number> {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    if (match?.[1] !== undefined) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: fall back on the server's metrics.
  }
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const match = /shepherd_peak_resident_memory_bytes (\d+)/.exec(text);
  return Number(match?.[1] ?? 0);
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

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

export async function run(options: WebhookBenchOptions = {}): Promise<WebhookFigures> {
  const seconds = options.seconds ?? 5;
  const maxDeliveries = options.maxDeliveries ?? 40_000;
  const concurrency = options.concurrency ?? 32;
  const issueCount = options.issues ?? 500;

  const jira = await startChild([entry("./fake-jira-process.ts"), String(issueCount)], { PATH: process.env.PATH });
  let server: { child: ChildProcess; ready: Record<string, unknown> } | undefined;
  try {
    server = await startChild([entry("./webhook-server-process.ts")], {
      PATH: process.env.PATH,
      JIRA_WEBHOOK_SECRET: SECRET,
      JIRA_BASE_URL: String(jira.ready.url),
      JIRA_EMAIL: USERS.bot.emailAddress,
      JIRA_API_TOKEN: "test-api-token",
      LOG_LEVEL: "warn",
    });
    const base = String(server.ready.url);
    const url = new URL(base);

    // Realistic bodies (whole issues, as Jira sends them), signed once; each delivery gets its own id.
    const state = new JiraState(() => Date.parse("2026-03-10T09:00:00Z"));
    const bodies: { body: string; headers: Record<string, string> }[] = [];
    for (let index = 0; index < issueCount; index++) {
      const key = `SUP-${index + 1}`;
      state.add(supportIssue({ key, id: String(20_000 + index) }));
      const items = [{ field: "labels", fieldtype: "jira", fieldId: "labels", from: null, fromString: "", to: null, toString: "customer-reply" }];
      const delivery = signed(SECRET, issueEvent(state, key, "jira:issue_updated", { user: USERS.reporter, items }));
      bodies.push({ body: delivery.body, headers: delivery.headers });
    }

    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    let sent = 0;
    let accepted = 0;
    let measuring = false;
    let measureStart = 0;
    let measureEnd = 0;
    const warmUpUntil = performance.now() + 500;
    const deadline = warmUpUntil + seconds * 1000;

    const worker = async (): Promise<void> => {
      while (sent < maxDeliveries && performance.now() < deadline) {
        const n = sent++;
        const template = bodies[n % bodies.length];
        if (template === undefined) return;
        const headers = { ...template.headers, "x-atlassian-webhook-identifier": `bench-${n}` };
        const started = performance.now();
        if (!measuring && started >= warmUpUntil) {
          measuring = true;
          measureStart = started;
        }
        const status = await post(agent, url, template.body, headers);
        const ended = performance.now();
        if (measuring && started >= measureStart) {
          latencies.push(ended - started);
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 202) accepted += 1;
          measureEnd = ended;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, () => worker()));
    agent.destroy();

    const pid = Number(server.ready.pid);
    const rss = await peakRss(pid, base);
    latencies.sort((a, b) => a - b);
    const elapsed = Math.max(1, measureEnd - measureStart) / 1000;
    return {
      acceptedPerSecond: Math.round(accepted / elapsed),
      p99Ms: Math.round(percentile(latencies, 0.99) * 10) / 10,
      peakRssMb: Math.round(rss / (1024 * 1024)),
      sent,
      statuses,
    };
  } finally {
    if (server !== undefined) await stop(server.child);
    await stop(jira.child);
  }
}

/** `npm run bench` entry: run with the defaults and print the three figures. */
export async function main(): Promise<void> {
  const figures = await run();
  process.stdout.write(
    `webhook accepted: ${figures.acceptedPerSecond}/s\nwebhook p99: ${figures.p99Ms} ms\nwebhook peak rss: ${figures.peakRssMb} MB\n`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
