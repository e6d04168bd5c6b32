/**
 * Counters and histograms for the per-delivery metrics, updated on every delivery: a series is a
 * slot of a typed array chosen once (no label hashing, no allocation per update), rendered in the
 * Prometheus text format at a scrape, beside prom-client's registry. Label values are fixed when
 * the metric is made, so the series are bounded.
 */

const escape = (value: string): string => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const labelText = (pairs: readonly (readonly [string, string])[]): string => pairs.map(([name, value]) => `${name}="${escape(value)}"`).join(",");
/** A number as Prometheus writes it. */
const value = (number: number): string => (number === Number.POSITIVE_INFINITY ? "+Inf" : String(number));

/** A counter with one series per label value, those that were counted rendered. */
export interface HotCounter<Key extends string> {
  /** The series of this label value, to add to. */
  series(key: Key): number;
  inc(series: number, by?: number): void;
  /** The count of a series. */
  get(series: number): number;
  render(): string;
}

/**
 * A counter whose series are the given label values, each a tuple of `labelNames`' values; the
 * series' key is those values joined with a space.
 */
export function createHotCounter<Key extends string>(name: string, help: string, labelNames: readonly string[], keys: readonly Key[]): HotCounter<Key> {
  const index = new Map<string, number>(keys.map((key, at) => [key, at]));
  const counts = new Float64Array(keys.length);
  const labels = keys.map((key) => labelText(key.split(" ").map((part, at) => [labelNames[at] ?? "", part] as const)));
  return {
    series(key) {
      const at = index.get(key);
      if (at === undefined) throw new TypeError(`${name}: no series ${key}`);
      return at;
    },
    inc(series, by = 1) {
      counts[series] = (counts[series] ?? 0) + by;
    },
    get: (series) => counts[series] ?? 0,
    render() {
      const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} counter`];
      counts.forEach((count, at) => {
        if (count > 0) lines.push(`${name}{${labels[at] ?? ""}} ${value(count)}`);
      });
      return `${lines.join("\n")}\n`;
    },
  };
}

/** A histogram with a series per value of one label (or one series when there is no label). */
export interface HotHistogram {
  observe(series: number, seconds: number): void;
  render(): string;
}

/** A histogram over `buckets` (upper bounds, ascending); `label` names its series, if any. */
export function createHotHistogram(name: string, help: string, buckets: readonly number[], label?: { name: string; values: readonly string[] }): HotHistogram {
  const width = buckets.length + 1; // the last slot is +Inf
  const seriesCount = label === undefined ? 1 : label.values.length;
  const counts = new Float64Array(width * seriesCount);
  const sums = new Float64Array(seriesCount);
  const bounds = [...buckets, Number.POSITIVE_INFINITY];
  return {
    observe(series, seconds) {
      let bucket = 0;
      while (bucket < buckets.length && seconds > (buckets[bucket] as number)) bucket += 1;
      const at = series * width + bucket;
      counts[at] = (counts[at] ?? 0) + 1;
      sums[series] = (sums[series] ?? 0) + seconds;
    },
    render() {
      const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
      for (let series = 0; series < seriesCount; series++) {
        const own = label === undefined ? [] : ([[label.name, label.values[series] ?? ""]] as const);
        let total = 0;
        bounds.forEach((bound, bucket) => {
          total += counts[series * width + bucket] ?? 0;
          lines.push(`${name}_bucket{${labelText([["le", value(bound)], ...own])}} ${total}`);
        });
        const suffix = own.length === 0 ? "" : `{${labelText(own)}}`;
        lines.push(`${name}_sum${suffix} ${value(sums[series] ?? 0)}`, `${name}_count${suffix} ${total}`);
      }
      return `${lines.join("\n")}\n`;
    },
  };
}
