/**
 * Webhook load benchmark (target: at least 1,000 signed deliveries a second accepted, p99 accept
 * latency under 50 ms on 2 cores, memory bounded). Starts the fake Jira and `shepherd serve` as processes of
 * their own, then fires signed deliveries (realistic issue payloads, a unique delivery id each,
 * spread over many issues) from this process over keep-alive connections, for a bounded time and
 * count, on loopback only (`webhook-load.ts`). The server really works meanwhile: it re-reads,
 * evaluates and applies against the fake Jira. Three servers are measured in one run with the same
 * client: the ceiling (a Node server that only checks the signature and answers 202,
 * `webhook-ceiling-process.ts`), `shepherd serve` with the in-memory store, and with the SQLite
 * store (durable before the 202), the last for a minute so that its memory is seen where it
 * settles; the ceiling is measured before and after it. Prints:
 *
 *   webhook accepted: <N>/s                    (in-memory store)
 *   webhook p99: <N> ms
 *   webhook peak rss: <N> MB
 *   webhook accepted (durable): <N>/s          (SQLite store)
 *   webhook p99 (durable): <N> ms
 *   webhook peak rss (durable): <N> MB
 *   webhook rss (durable): <N> MB at 10 s, … <N> MB at 60 s; peak <N> MB, last 10 s <N>–<N> MB
 *   webhook cpu per delivery (durable): server <N> µs (main thread <N> µs), fake Jira <N> µs, client <N> µs; ceiling server <N> µs
 *   webhook ceiling accepted: <N>/s (<N>/s before, <N>/s after)
 *   webhook ceiling p99: <N> ms
 *   webhook ceiling peak rss: <N> MB
 *   webhook vs ceiling: <R>                    (durable accepted / mean of the ceilings before and after)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchEntry, type Child, clientCpuMs, cpuMs, deliveryBodies, fire, percentile, procMemory, serverEnv, startChild, stop } from "./webhook-load.ts";

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
  /** Peak resident memory of the server (VmHWM), MB. */
  peakRssMb: number;
  sent: number;
  statuses: Record<string, number>;
  /** Resident memory sampled every second of the measured time, in MB. */
  rssMb: number[];
  /** Issue runs (re-read, evaluate, apply) the server made meanwhile; 0 for the ceiling. */
  processed: number;
  /** The server's V8 heap (used, total) and external memory every 5 s, as its /metrics say. */
  heap: string[];
  /**
   * CPU µs per accepted delivery over the measured time: the server (all its threads), its main
   * thread alone (where the HTTP accept runs), the fake Jira and this client.
   */
  cpuPerDeliveryUs: { server: number; main: number; jira: number; client: number };
}

/** Peak resident memory of a process: VmHWM from /proc (Linux), else the server's own figure. */
async function peakRss(pid: number, baseUrl: string): Promise<number> {
  const peak = procMemory(pid, "VmHWM");
  if (peak !== undefined) return peak;
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return Number(/shepherd_peak_resident_memory_bytes (\d+)/.exec(text)?.[1] ?? 0);
}

export async function run(options: WebhookBenchOptions = {}): Promise<WebhookFigures> {
  const seconds = options.seconds ?? 5;
  const issueCount = options.issues ?? 500;
  const target = options.target ?? "memory";
  const jira = await startChild([benchEntry("./fake-jira-process.ts"), String(issueCount)], { PATH: process.env.PATH });
  const jiraPid = Number(jira.ready.pid);
  const storeDir = mkdtempSync(join(tmpdir(), "shepherd-bench-"));
  let server: Child | undefined;
  try {
    server = await startChild(
      [...(options.serverFlags ?? []), benchEntry(target === "ceiling" ? "./webhook-ceiling-process.ts" : "./webhook-server-process.ts")],
      serverEnv(SECRET, String(jira.ready.url), { SHEPHERD_STORE: target === "durable" ? join(storeDir, "store.sqlite") : ":memory:", ...options.serverEnv }),
    );
    const base = String(server.ready.url);
    const serverPid = Number(server.ready.pid);
    const rssMb: number[] = [];
    const heap: string[] = [];
    let measuring = false;
    let tick = 0;
    const sampler = setInterval(() => {
      const rss = procMemory(serverPid, "VmRSS");
      if (rss !== undefined && measuring) rssMb.push(Math.round(rss / (1024 * 1024)));
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
    /** CPU of the three processes when the measured time starts (ms). */
    let cpuAtStart = { server: 0, main: 0, jira: 0, client: 0 };
    const fired = await fire({
      targets: [new URL(base)],
      bodies: deliveryBodies(SECRET, issueCount),
      concurrency: options.concurrency ?? 32,
      warmUpMs: 500,
      seconds,
      maxDeliveries: options.maxDeliveries ?? 40_000,
      idPrefix: "bench",
      ratePerSecond: options.ratePerSecond,
      onMeasureStart() {
        measuring = true;
        cpuAtStart = { server: cpuMs(serverPid) ?? 0, main: cpuMs(serverPid, serverPid) ?? 0, jira: cpuMs(jiraPid) ?? 0, client: clientCpuMs() };
      },
    });
    const perDelivery = (ms: number): number => (fired.accepted === 0 ? 0 : Math.round((ms * 1000) / fired.accepted));
    const cpuPerDeliveryUs = {
      server: perDelivery((cpuMs(serverPid) ?? 0) - cpuAtStart.server),
      main: perDelivery((cpuMs(serverPid, serverPid) ?? 0) - cpuAtStart.main),
      jira: perDelivery((cpuMs(jiraPid) ?? 0) - cpuAtStart.jira),
      client: perDelivery(clientCpuMs() - cpuAtStart.client),
    };
    clearInterval(sampler);
    const rss = await peakRss(serverPid, base);
    const processed = target === "ceiling" ? 0 : Number(/^shepherd_issues_processed_total (\d+)/m.exec(await (await fetch(`${base}/metrics`)).text())?.[1] ?? 0);
    return {
      acceptedPerSecond: Math.round(fired.accepted / fired.elapsed),
      p99Ms: Math.round(percentile(fired.latencies, 0.99) * 10) / 10,
      peakRssMb: Math.round(rss / (1024 * 1024)),
      sent: fired.sent,
      statuses: fired.statuses,
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

/** RSS at every tenth second, the peak (VmHWM), and where it stays over the last 10 seconds. */
function memoryLine(rssMb: readonly number[], peakMb: number): string {
  const marks = rssMb.map((mb, index) => ({ mb, at: index + 1 })).filter(({ at }) => at % 10 === 0 || at === rssMb.length);
  const last = rssMb.slice(-10);
  return `${marks.map(({ mb, at }) => `${mb} MB at ${at} s`).join(", ")}; peak ${peakMb} MB, last 10 s ${Math.min(...last)}–${Math.max(...last)} MB`;
}

/**
 * `npm run bench` entry: the ceiling for 10 s, the in-memory server for 10 s, the durable server
 * for 60 s (where its memory settles), and the ceiling again for 10 s, all with the same client;
 * the ratio is the durable rate over the mean of the two ceilings around it, so that a machine
 * whose load changes during the run moves both sides alike. Prints the figures and the ratio.
 */
export async function main(): Promise<void> {
  const before = await run({ target: "ceiling", seconds: 10, maxDeliveries: 1_000_000 });
  const memory = await run({ target: "memory", seconds: 10, maxDeliveries: 1_000_000 });
  const durable = await run({ target: "durable", seconds: 60, maxDeliveries: 1_000_000 });
  const after = await run({ target: "ceiling", seconds: 10, maxDeliveries: 1_000_000 });
  const ceiling = {
    acceptedPerSecond: Math.round((before.acceptedPerSecond + after.acceptedPerSecond) / 2),
    p99Ms: Math.round(((before.p99Ms + after.p99Ms) / 2) * 10) / 10,
    peakRssMb: Math.max(before.peakRssMb, after.peakRssMb),
    serverCpuUs: Math.round((before.cpuPerDeliveryUs.server + after.cpuPerDeliveryUs.server) / 2),
  };
  const ratio = ceiling.acceptedPerSecond === 0 ? 0 : durable.acceptedPerSecond / ceiling.acceptedPerSecond;
  const cpu = durable.cpuPerDeliveryUs;
  process.stdout.write(
    [
      `webhook accepted: ${memory.acceptedPerSecond}/s`,
      `webhook p99: ${memory.p99Ms} ms`,
      `webhook peak rss: ${memory.peakRssMb} MB`,
      `webhook accepted (durable): ${durable.acceptedPerSecond}/s`,
      `webhook p99 (durable): ${durable.p99Ms} ms`,
      `webhook peak rss (durable): ${durable.peakRssMb} MB`,
      `webhook rss (durable): ${memoryLine(durable.rssMb, durable.peakRssMb)}`,
      `webhook cpu per delivery (durable): server ${cpu.server} µs (main thread ${cpu.main} µs), fake Jira ${cpu.jira} µs, client ${cpu.client} µs; ceiling server ${ceiling.serverCpuUs} µs`,
      `webhook ceiling accepted: ${ceiling.acceptedPerSecond}/s (${before.acceptedPerSecond}/s before, ${after.acceptedPerSecond}/s after)`,
      `webhook ceiling p99: ${ceiling.p99Ms} ms`,
      `webhook ceiling peak rss: ${ceiling.peakRssMb} MB`,
      `webhook vs ceiling: ${ratio.toFixed(2)} (p99 ${(durable.p99Ms / Math.max(0.1, ceiling.p99Ms)).toFixed(1)}×, peak rss ${(durable.peakRssMb / Math.max(1, ceiling.peakRssMb)).toFixed(1)}×)`,
      "",
    ].join("\n"),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
