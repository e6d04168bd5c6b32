/**
 * Webhook load benchmark (target: at least 1,000 signed deliveries a second accepted, p99 accept
 * latency under 50 ms on 2 cores, memory bounded). Starts the fake Jira and `shepherd serve` as processes of
 * their own, then fires signed deliveries (realistic issue payloads, a unique delivery id each,
 * spread over many issues) from this process over keep-alive connections, for a bounded time and
 * count, on loopback only. The server really works meanwhile: it re-reads, evaluates and applies
 * against the fake Jira. Three servers are measured in one run with the same client: the ceiling
 * (a Node server that only checks the signature and answers 202, `webhook-ceiling-process.ts`),
 * `shepherd serve` with the in-memory store, and with the SQLite store (durable before the 202),
 * the last for a minute so that its memory is seen where it settles. Prints:
 *
 *   webhook accepted: <N>/s                    (in-memory store)
 *   webhook p99: <N> ms
 *   webhook peak rss: <N> MB
 *   webhook accepted (durable): <N>/s          (SQLite store)
 *   webhook p99 (durable): <N> ms
 *   webhook peak rss (durable): <N> MB
 *   webhook rss (durable): <N> MB at 10 s, … <N> MB at 60 s; plateau <N> MB
 *   webhook ceiling accepted: <N>/s
 *   webhook ceiling p99: <N> ms
 *   webhook ceiling peak rss: <N> MB
 *   webhook vs ceiling: <R>                    (durable accepted / ceiling accepted)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
  /** Which server: `shepherd serve` on the in-memory store (default) or on a SQLite file, or the ceiling. */
  target?: "memory" | "durable" | "ceiling";
  /**
   * Deliveries a second, sent at that pace (open loop) instead of as fast as answers come: the CPU
   * each delivery costs is then compared at the same load, whatever else runs on the machine.
   */
  ratePerSecond?: number;
  /** Node flags for the server process (for example `--cpu-prof` to see where its time goes). */
  serverFlags?: string[];
  /** More environment for the server process (for example `SHEPHERD_CONCURRENCY`). */
  serverEnv?: Record<string, string>;
}

export interface WebhookFigures {
  acceptedPerSecond: number;
  p99Ms: number;
  peakRssMb: number;
  sent: number;
  statuses: Record<string, number>;
  /** Resident memory sampled every second of the measured time, in MB. */
  rssMb: number[];
  /** Issue runs (re-read, evaluate, apply) the server made meanwhile; 0 for the ceiling. */
  processed: number;
  /** The server's V8 heap (used, total) and external memory every 5 s, as its /metrics say. */
  heap: string[];
  /** CPU µs per accepted delivery over the measured time: the server, the fake Jira and this client. */
  cpuPerDeliveryUs: { server: number; jira: number; client: number };
}

const clientCpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

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

/** Resident memory of a process now (VmRSS), in bytes; undefined where /proc is not there. */
function currentRss(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

/** CPU time a process has used so far (user + system, from /proc), in ms; undefined where /proc is not there. */
function cpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // utime and stime are the 12th and 13th fields after the command name, in clock ticks (100 a second).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
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

  const target = options.target ?? "memory";
  const jira = await startChild([entry("./fake-jira-process.ts"), String(issueCount)], { PATH: process.env.PATH });
  const jiraPid = Number(jira.ready.pid);
  const storeDir = mkdtempSync(join(tmpdir(), "shepherd-bench-"));
  let server: { child: ChildProcess; ready: Record<string, unknown> } | undefined;
  try {
    server = await startChild([...(options.serverFlags ?? []), entry(target === "ceiling" ? "./webhook-ceiling-process.ts" : "./webhook-server-process.ts")], {
      PATH: process.env.PATH,
      JIRA_WEBHOOK_SECRET: SECRET,
      JIRA_BASE_URL: String(jira.ready.url),
      JIRA_EMAIL: USERS.bot.emailAddress,
      JIRA_API_TOKEN: "test-api-token",
      LOG_LEVEL: "warn",
      SHEPHERD_STORE: target === "durable" ? join(storeDir, "store.sqlite") : ":memory:",
      ...options.serverEnv,
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
    const serverPid = Number(server.ready.pid);
    const rssMb: number[] = [];
    const heap: string[] = [];
    let tick = 0;
    /** CPU of the three processes when the measured time starts (ms). */
    let cpuAtStart = { server: 0, jira: 0, client: 0 };
    const sampler = setInterval(() => {
      const rss = currentRss(serverPid);
      if (rss !== undefined && performance.now() >= warmUpUntil) rssMb.push(Math.round(rss / (1024 * 1024)));
      tick += 1;
      if (target !== "ceiling" && tick % 5 === 0) {
        void fetch(`${base}/metrics`)
          .then((answer) => answer.text())
          .then((text) => {
            const mb = (name: string): number => Math.round(Number(new RegExp(`^${name} (\\S+)`, "m").exec(text)?.[1] ?? 0) / (1024 * 1024));
            heap.push(`${tick}s used ${mb("nodejs_heap_size_used_bytes")} total ${mb("nodejs_heap_size_total_bytes")} external ${mb("nodejs_external_memory_bytes")}`);
          });
      }
    }, 1000);

    const pace = options.ratePerSecond;
    const worker = async (): Promise<void> => {
      while (sent < maxDeliveries && performance.now() < deadline) {
        const n = sent++;
        if (pace !== undefined) {
          const due = warmUpUntil - 500 + (n * 1000) / pace;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
        const template = bodies[n % bodies.length];
        if (template === undefined) return;
        const headers = { ...template.headers, "x-atlassian-webhook-identifier": `bench-${n}` };
        const started = performance.now();
        if (!measuring && started >= warmUpUntil) {
          measuring = true;
          measureStart = started;
          cpuAtStart = { server: cpuMs(serverPid) ?? 0, jira: cpuMs(jiraPid) ?? 0, client: clientCpuMs() };
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
    const perDelivery = (ms: number): number => (accepted === 0 ? 0 : Math.round((ms * 1000) / accepted));
    const cpuPerDeliveryUs = {
      server: perDelivery((cpuMs(serverPid) ?? 0) - cpuAtStart.server),
      jira: perDelivery((cpuMs(jiraPid) ?? 0) - cpuAtStart.jira),
      client: perDelivery(clientCpuMs() - cpuAtStart.client),
    };
    clearInterval(sampler);
    agent.destroy();

    const pid = Number(server.ready.pid);
    const rss = await peakRss(pid, base);
    const processed = target === "ceiling" ? 0 : Number(/^shepherd_issues_processed_total (\d+)/m.exec(await (await fetch(`${base}/metrics`)).text())?.[1] ?? 0);
    latencies.sort((a, b) => a - b);
    const elapsed = Math.max(1, measureEnd - measureStart) / 1000;
    return {
      acceptedPerSecond: Math.round(accepted / elapsed),
      p99Ms: Math.round(percentile(latencies, 0.99) * 10) / 10,
      peakRssMb: Math.round(rss / (1024 * 1024)),
      sent,
      statuses,
      rssMb,
      processed,
      heap,
      cpuPerDeliveryUs,
    };
  } finally {
    if (server !== undefined) await stop(server.child);
    await stop(jira.child);
    rmSync(storeDir, { recursive: true, force: true });
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** RSS at every tenth second, and the plateau: the median of the last third of the samples. */
function memoryLine(rssMb: readonly number[]): string {
  const marks = rssMb.map((mb, index) => ({ mb, at: index + 1 })).filter(({ at }) => at % 10 === 0 || at === rssMb.length);
  const plateau = median(rssMb.slice(Math.floor((rssMb.length * 2) / 3)));
  return `${marks.map(({ mb, at }) => `${mb} MB at ${at} s`).join(", ")}; plateau ${plateau} MB`;
}

/**
 * `npm run bench` entry: the ceiling and the in-memory server for 10 s each, the durable server
 * for 60 s (its memory plateau), all with the same client; prints the figures and the ratio.
 */
export async function main(): Promise<void> {
  const ceiling = await run({ target: "ceiling", seconds: 10, maxDeliveries: 1_000_000 });
  const memory = await run({ target: "memory", seconds: 10, maxDeliveries: 1_000_000 });
  const durable = await run({ target: "durable", seconds: 60, maxDeliveries: 1_000_000 });
  const ratio = ceiling.acceptedPerSecond === 0 ? 0 : durable.acceptedPerSecond / ceiling.acceptedPerSecond;
  process.stdout.write(
    [
      `webhook accepted: ${memory.acceptedPerSecond}/s`,
      `webhook p99: ${memory.p99Ms} ms`,
      `webhook peak rss: ${memory.peakRssMb} MB`,
      `webhook accepted (durable): ${durable.acceptedPerSecond}/s`,
      `webhook p99 (durable): ${durable.p99Ms} ms`,
      `webhook peak rss (durable): ${durable.peakRssMb} MB`,
      `webhook rss (durable): ${memoryLine(durable.rssMb)}`,
      `webhook ceiling accepted: ${ceiling.acceptedPerSecond}/s`,
      `webhook ceiling p99: ${ceiling.p99Ms} ms`,
      `webhook ceiling peak rss: ${ceiling.peakRssMb} MB`,
      `webhook vs ceiling: ${ratio.toFixed(2)} (p99 ${(durable.p99Ms / Math.max(0.1, ceiling.p99Ms)).toFixed(1)}×, peak rss ${(durable.peakRssMb / Math.max(1, ceiling.peakRssMb)).toFixed(1)}×)`,
      "",
    ].join("\n"),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
