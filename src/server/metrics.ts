/**
 * The server's metrics (GET /metrics), through `prom-client` on a registry of the server's own:
 * the default process metrics (`process_resident_memory_bytes`, CPU, heap, event-loop lag, GC),
 * deliveries by result and reason, the time to answer a delivery and per stage (signature check,
 * parse, store), how long issues wait in the queue and take to process, queue depth, issues
 * processed, failed and retried, operations applied. Label values are fixed by the code, so the
 * series are bounded. The per-delivery ones (deliveries, answer time, stages) are kept in typed
 * arrays (`hot-metrics.ts`) so that a delivery costs a few increments, not label hashing.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { createHotCounter, createHotHistogram } from "./hot-metrics.ts";

/** `accepted` (queued or folded into queued work), `ignored` (nothing to do) or `rejected`. */
export type DeliveryResult = "accepted" | "ignored" | "rejected";

const RESULTS = ["accepted", "ignored", "rejected"] as const;
const REASONS = ["queued", "coalesced", "duplicate", "own_change", "unsupported_event", "bad_signature", "malformed", "too_large", "queue_full", "store_failed", "shutting_down"] as const;
const STAGES = ["verify", "parse", "store"] as const;

/** Why a delivery got its result. */
export type DeliveryReason = (typeof REASONS)[number];

/** The steps of answering a delivery that are timed on their own. */
export type DeliveryStage = (typeof STAGES)[number];

const RESULT_INDEX: Readonly<Record<DeliveryResult, number>> = { accepted: 0, ignored: 1, rejected: 2 };
const REASON_INDEX = Object.fromEntries(REASONS.map((reason, at) => [reason, at])) as Readonly<Record<DeliveryReason, number>>;
const STAGE_INDEX: Readonly<Record<DeliveryStage, number>> = { verify: 0, parse: 1, store: 2 };

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const PROCESSING_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const WAIT_BUCKETS = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export interface Metrics {
  delivery(result: DeliveryResult, reason: DeliveryReason, seconds?: number): void;
  stage(stage: DeliveryStage, seconds: number): void;
  /** An issue's run started this long after the first delivery it covers. */
  queueWait(seconds: number): void;
  processed(seconds: number, applied: number, failed: number): void;
  failure(kind: string): void;
  retried(): void;
  /** Count of deliveries with this result (and reason), for tests and the benchmark. */
  count(result: DeliveryResult, reason?: DeliveryReason): number;
  /** The Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsSources {
  queueDepth: () => number;
  queueLimit: number;
  inProgress: () => number;
  /** Resident set size in bytes, for the peak gauge. */
  memory: () => number;
  /** Issues with unfinished work in the delivery store. */
  storePending?: () => number;
}

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  let peakMemory = 0;

  // Series index: result × reason, in the order of RESULTS and REASONS.
  const deliveries = createHotCounter(
    "shepherd_webhook_deliveries_total",
    "Webhook deliveries by result and reason.",
    ["result", "reason"],
    RESULTS.flatMap((result) => REASONS.map((reason) => `${result} ${reason}`)),
  );
  const accept = createHotHistogram("shepherd_webhook_accept_seconds", "Time from request to the answer of a delivery.", LATENCY_BUCKETS);
  const stages = createHotHistogram(
    "shepherd_webhook_stage_seconds",
    "Time of each step of answering a delivery: verify (signature), parse, store (durable before the 202).",
    LATENCY_BUCKETS,
    { name: "stage", values: STAGES },
  );
  const wait = new Histogram({ name: "shepherd_queue_wait_seconds", help: "Time from an issue's first waiting delivery to the start of its run.", buckets: WAIT_BUCKETS, registers });
  const processing = new Histogram({ name: "shepherd_issue_processing_seconds", help: "Time to re-read, evaluate and apply one issue.", buckets: PROCESSING_BUCKETS, registers });
  new Gauge({ name: "shepherd_queue_depth", help: "Issues waiting to be processed.", registers, collect() {
    this.set(sources.queueDepth());
  } });
  new Gauge({ name: "shepherd_queue_limit", help: "Most issues that may wait; more deliveries are answered 503.", registers, collect() {
    this.set(sources.queueLimit);
  } });
  new Gauge({ name: "shepherd_issues_in_progress", help: "Issues being processed now.", registers, collect() {
    this.set(sources.inProgress());
  } });
  if (sources.storePending !== undefined) {
    const storePending = sources.storePending;
    new Gauge({ name: "shepherd_store_pending_issues", help: "Issues with unfinished work in the delivery store (resumed after a restart).", registers, collect() {
      this.set(storePending());
    } });
  }
  new Gauge({ name: "shepherd_peak_resident_memory_bytes", help: "Largest resident memory seen at a scrape.", registers, collect() {
    peakMemory = Math.max(peakMemory, sources.memory());
    this.set(peakMemory);
  } });
  const processed = new Counter({ name: "shepherd_issues_processed_total", help: "Issues re-read, evaluated and applied.", registers });
  const failures = new Counter({ name: "shepherd_issue_failures_total", help: "Issues whose processing failed, by error kind.", labelNames: ["kind"] as const, registers });
  const retries = new Counter({ name: "shepherd_issue_retries_total", help: "Issues queued again after a rate limit or transient failure.", registers });
  const operations = new Counter({ name: "shepherd_operations_total", help: "Plan operations sent to Jira, by result.", labelNames: ["result"] as const, registers });
  operations.inc({ result: "applied" }, 0);
  operations.inc({ result: "failed" }, 0);

  return {
    delivery(result, reason, seconds) {
      deliveries.inc(RESULT_INDEX[result] * REASONS.length + REASON_INDEX[reason]);
      if (seconds !== undefined) accept.observe(0, seconds);
    },
    stage: (stage, seconds) => stages.observe(STAGE_INDEX[stage], seconds),
    queueWait: (seconds) => wait.observe(seconds),
    processed(seconds, applied, failed) {
      processed.inc();
      if (applied > 0) operations.inc({ result: "applied" }, applied);
      if (failed > 0) operations.inc({ result: "failed" }, failed);
      processing.observe(seconds);
    },
    failure: (kind) => failures.inc({ kind }),
    retried: () => retries.inc(),
    count(result, reason) {
      let total = 0;
      REASONS.forEach((why, at) => {
        if (reason === undefined || why === reason) total += deliveries.get(RESULT_INDEX[result] * REASONS.length + at);
      });
      return total;
    },
    render: async () => (await registry.metrics()) + deliveries.render() + accept.render() + stages.render(),
    contentType: registry.contentType,
  };
}
