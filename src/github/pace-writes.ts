/**
 * Pacing by GitHub's documented secondary rate limits instead of a flat spacing: at most 80
 * content-creating requests a minute and 500 an hour, and at most 900 points a minute on the REST
 * API and 2,000 on GraphQL (a read 1 point, a write or a mutation 5). Writes go out one at a time
 * (GitHub asks for serial writes) and each as soon as every window has room — the shortest
 * schedule those limits allow — and each is counted from the moment its answer came back, so
 * GitHub, which counts it on arrival, never sees more than the limit in a window. A refusal's
 * `retry-after` holds every later write back too. Every request the tool sends that changes
 * something counts as content-creating: GitHub does not list which ones do, and labels,
 * assignments and state changes all make timeline events and notifications.
 */

/** GitHub's secondary limits that pacing keeps to. */
export interface SecondaryLimits {
  contentPerMinute: number;
  contentPerHour: number;
  restPointsPerMinute: number;
  graphqlPointsPerMinute: number;
}

/** As documented for github.com ("Rate limits for the REST API", secondary rate limits). */
export const GITHUB_SECONDARY_LIMITS: SecondaryLimits = {
  contentPerMinute: 80,
  contentPerHour: 500,
  restPointsPerMinute: 900,
  graphqlPointsPerMinute: 2000,
};

/** Points of a request for the secondary limits. */
export const READ_POINTS = 1;
export const WRITE_POINTS = 5;

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** What pacing needs to know of a request. */
export interface RequestClass {
  api: "rest" | "graphql";
  /** Content-creating: a REST POST/PATCH/PUT/DELETE or a GraphQL document with a mutation. */
  write: boolean;
}

/** Comments and string literals out of a GraphQL document, for the keyword check. */
const stripDocument = (document: string): string =>
  document
    .replace(/"""[\s\S]*?"""/g, '""')
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '""')
    .replace(/#[^\n\r]*/g, "");

/** Classify a request from Octokit's request options. */
export function classifyRequest(options: { method?: unknown; url?: unknown; query?: unknown }): RequestClass {
  const method = (typeof options.method === "string" ? options.method : "GET").toUpperCase();
  let path = typeof options.url === "string" ? options.url : "";
  try {
    path = new URL(path, "http://github.invalid").pathname;
  } catch {
    // Keep the raw text.
  }
  if (method === "POST" && /(^|\/)graphql$/.test(path)) {
    // A document this check cannot read is counted as a write: pacing too much is the safe side.
    const document = typeof options.query === "string" ? stripDocument(options.query) : "mutation";
    return { api: "graphql", write: /(^|[\s}])mutation\b/.test(document) };
  }
  return { api: "rest", write: !["GET", "HEAD", "OPTIONS"].includes(method) };
}

interface Sent {
  /** When it counts from: its send time while in flight, then when its answer came. */
  at: number;
  points: number;
  api: RequestClass["api"];
  write: boolean;
}

export interface PacerOptions {
  limits?: Partial<SecondaryLimits> | undefined;
  now?: (() => number) | undefined;
  sleep: (ms: number) => Promise<void>;
}

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
}

/** Keeps requests within the secondary limits; one per Octokit. */
export class Pacer {
  readonly limits: SecondaryLimits;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private sent: Sent[] = [];
  private writes: Promise<void> = Promise.resolve();
  private blockedUntil = 0;
  /** Milliseconds spent waiting for room, for reports and benchmarks. */
  waitedMs = 0;

  constructor(options: PacerOptions) {
    this.limits = { ...GITHUB_SECONDARY_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep;
  }

  /** How long a request of this class must wait at `t` before every window has room for it. */
  private waitAt(kind: RequestClass, points: number, t: number): number {
    this.sent = this.sent.filter((s) => s.at > t - HOUR);
    let wait = kind.write ? this.blockedUntil - t : 0;
    const room = (window: number, limit: number, weight: (s: Sent) => number, need: number) => {
      const inWindow = this.sent.filter((s) => s.at > t - window && weight(s) > 0).sort((a, b) => a.at - b.at);
      let used = inWindow.reduce((sum, s) => sum + weight(s), 0);
      // Wait until enough of the oldest have left the window.
      for (const s of inWindow) {
        if (used + need <= limit) break;
        used -= weight(s);
        wait = Math.max(wait, s.at + window - t);
      }
    };
    if (kind.write) {
      room(MINUTE, this.limits.contentPerMinute, (s) => (s.write ? 1 : 0), 1);
      room(HOUR, this.limits.contentPerHour, (s) => (s.write ? 1 : 0), 1);
    }
    const pointsLimit = kind.api === "rest" ? this.limits.restPointsPerMinute : this.limits.graphqlPointsPerMinute;
    room(MINUTE, pointsLimit, (s) => (s.api === kind.api ? s.points : 0), points);
    return wait;
  }

  /** Send one request when the limits allow it; writes one at a time. */
  async run<T>(kind: RequestClass, send: () => Promise<T>): Promise<T> {
    let release = () => {};
    if (kind.write) {
      const before = this.writes;
      this.writes = new Promise<void>((resolve) => (release = resolve));
      await before;
    }
    const points = kind.write ? WRITE_POINTS : READ_POINTS;
    const entry: Sent = { at: 0, points, api: kind.api, write: kind.write };
    try {
      for (;;) {
        const wait = this.waitAt(kind, points, this.now());
        if (wait <= 0) break;
        this.waitedMs += wait;
        await this.sleep(wait);
      }
      entry.at = this.now();
      this.sent.push(entry);
      try {
        return await send();
      } catch (error) {
        const e = error as ErrorLike;
        const retryAfter = Number(e.response?.headers?.["retry-after"]);
        // GitHub refused for a limit: nothing more is written before it says.
        if ((e.status === 403 || e.status === 429) && Number.isFinite(retryAfter) && /rate limit/i.test(e.message ?? "")) {
          this.blockedUntil = Math.max(this.blockedUntil, this.now() + retryAfter * 1000);
        }
        throw error;
      } finally {
        entry.at = Math.max(entry.at, this.now());
      }
    } finally {
      release();
    }
  }
}

/**
 * The shortest time from the first to the last of `count` content-creating requests that the
 * limits allow (sliding windows): blocks of the per-minute limit a minute apart, and the hour's
 * limit reached, the next block an hour after the first of that hour.
 */
export function shortestSchedule(count: number, limits: SecondaryLimits = GITHUB_SECONDARY_LIMITS): number {
  if (count <= 1) return 0;
  const last = count - 1;
  const hours = Math.floor(last / limits.contentPerHour);
  const inHour = last % limits.contentPerHour;
  return hours * HOUR + Math.floor(inHour / limits.contentPerMinute) * MINUTE;
}
