/**
 * The server's metrics in the Prometheus text format (GET /metrics): deliveries by result and
 * reason, queue depth, issues processed and failed, operations applied, latency histograms, and
 * the process's resident memory. Label sets are fixed by the code, so the series are bounded.
 */

/** `accepted` (queued or folded into queued work), `ignored` (nothing to do) or `rejected`. */
export type DeliveryResult = "accepted" | "ignored" | "rejected";

export type DeliveryReason =
  | "queued"
  | "coalesced"
  | "duplicate"
  | "own_change"
  | "unsupported_event"
  | "bad_signature"
  | "malformed"
  | "too_large"
  | "queue_full"
  | "shutting_down";

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const PROCESSING_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

class Histogram {
  readonly buckets: number[];
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(buckets: number[]) {
    this.buckets = buckets;
    this.counts = buckets.map(() => 0);
  }
  observe(seconds: number): void {
    this.sum += seconds;
    this.count += 1;
    for (let index = 0; index < this.buckets.length; index++) {
      if (seconds <= (this.buckets[index] ?? Infinity)) this.counts[index] = (this.counts[index] ?? 0) + 1;
    }
  }
  render(name: string): string[] {
    const lines = this.buckets.map((bound, index) => `${name}_bucket{le="${bound}"} ${this.counts[index] ?? 0}`);
    lines.push(`${name}_bucket{le="+Inf"} ${this.count}`, `${name}_sum ${this.sum}`, `${name}_count ${this.count}`);
    return lines;
  }
}

export interface Metrics {
  delivery(result: DeliveryResult, reason: DeliveryReason, seconds?: number): void;
  processed(seconds: number, applied: number, failed: number): void;
  failure(kind: string): void;
  retried(): void;
  /** Count of deliveries with this result (and reason), for tests and the benchmark. */
  count(result: DeliveryResult, reason?: DeliveryReason): number;
  render(): string;
}

export interface MetricsSources {
  queueDepth: () => number;
  queueLimit: number;
  inProgress: () => number;
  /** Resident set size in bytes. */
  memory: () => number;
}

export function createMetrics(sources: MetricsSources): Metrics {
  const deliveries = new Map<string, number>();
  const failures = new Map<string, number>();
  const accept = new Histogram(LATENCY_BUCKETS);
  const processing = new Histogram(PROCESSING_BUCKETS);
  let processedTotal = 0;
  let applied = 0;
  let failedOperations = 0;
  let retries = 0;
  let peakMemory = 0;

  const sample = (): number => {
    const rss = sources.memory();
    peakMemory = Math.max(peakMemory, rss);
    return rss;
  };

  return {
    delivery(result, reason, seconds) {
      const key = `${result}\u0000${reason}`;
      deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
      if (seconds !== undefined) accept.observe(seconds);
    },
    processed(seconds, appliedCount, failedCount) {
      processedTotal += 1;
      applied += appliedCount;
      failedOperations += failedCount;
      processing.observe(seconds);
    },
    failure(kind) {
      failures.set(kind, (failures.get(kind) ?? 0) + 1);
    },
    retried() {
      retries += 1;
    },
    count(result, reason) {
      let total = 0;
      for (const [key, value] of deliveries) {
        const [r, why] = key.split("\u0000");
        if (r === result && (reason === undefined || why === reason)) total += value;
      }
      return total;
    },
    render() {
      const rss = sample();
      const lines: string[] = [
        "# HELP shepherd_webhook_deliveries_total Webhook deliveries by result and reason.",
        "# TYPE shepherd_webhook_deliveries_total counter",
      ];
      for (const [key, value] of [...deliveries].sort()) {
        const [result, reason] = key.split("\u0000");
        lines.push(`shepherd_webhook_deliveries_total{result="${result}",reason="${reason}"} ${value}`);
      }
      lines.push(
        "# HELP shepherd_webhook_accept_seconds Time from request to the answer of a delivery.",
        "# TYPE shepherd_webhook_accept_seconds histogram",
        ...accept.render("shepherd_webhook_accept_seconds"),
        "# HELP shepherd_queue_depth Issues waiting to be processed.",
        "# TYPE shepherd_queue_depth gauge",
        `shepherd_queue_depth ${sources.queueDepth()}`,
        "# HELP shepherd_queue_limit Most issues that may wait; more deliveries are answered 503.",
        "# TYPE shepherd_queue_limit gauge",
        `shepherd_queue_limit ${sources.queueLimit}`,
        "# HELP shepherd_issues_in_progress Issues being processed now.",
        "# TYPE shepherd_issues_in_progress gauge",
        `shepherd_issues_in_progress ${sources.inProgress()}`,
        "# HELP shepherd_issues_processed_total Issues re-read, evaluated and applied.",
        "# TYPE shepherd_issues_processed_total counter",
        `shepherd_issues_processed_total ${processedTotal}`,
        "# HELP shepherd_issue_failures_total Issues whose processing failed, by error kind.",
        "# TYPE shepherd_issue_failures_total counter",
        ...[...failures].sort().map(([kind, value]) => `shepherd_issue_failures_total{kind="${kind}"} ${value}`),
        "# HELP shepherd_issue_retries_total Issues queued again after a rate limit or transient failure.",
        "# TYPE shepherd_issue_retries_total counter",
        `shepherd_issue_retries_total ${retries}`,
        "# HELP shepherd_operations_total Plan operations sent to Jira, by result.",
        "# TYPE shepherd_operations_total counter",
        `shepherd_operations_total{result="applied"} ${applied}`,
        `shepherd_operations_total{result="failed"} ${failedOperations}`,
        "# HELP shepherd_issue_processing_seconds Time to re-read, evaluate and apply one issue.",
        "# TYPE shepherd_issue_processing_seconds histogram",
        ...processing.render("shepherd_issue_processing_seconds"),
        "# HELP process_resident_memory_bytes Resident memory size in bytes.",
        "# TYPE process_resident_memory_bytes gauge",
        `process_resident_memory_bytes ${rss}`,
        "# HELP shepherd_peak_resident_memory_bytes Largest resident memory seen at a scrape.",
        "# TYPE shepherd_peak_resident_memory_bytes gauge",
        `shepherd_peak_resident_memory_bytes ${peakMemory}`,
      );
      return `${lines.join("\n")}\n`;
    },
  };
}
