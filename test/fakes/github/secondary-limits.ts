/**
 * GitHub's secondary rate limits, enforced by the fake when a test asks: content-creating
 * requests per minute and per hour, points per minute on REST and on GraphQL (a read 1 point, a
 * write or mutation 5), each over a sliding window of the fake's clock. A request over a limit
 * is refused as GitHub refuses it — 403, "You have exceeded a secondary rate limit", and a
 * `retry-after` of the seconds until the window has room — and changes nothing.
 */

export interface FakeSecondaryLimits {
  contentPerMinute: number;
  contentPerHour: number;
  restPointsPerMinute: number;
  graphqlPointsPerMinute: number;
}

/** The documented github.com values. */
export const DOCUMENTED_LIMITS: FakeSecondaryLimits = { contentPerMinute: 80, contentPerHour: 500, restPointsPerMinute: 900, graphqlPointsPerMinute: 2000 };

interface Accepted {
  at: number;
  api: "rest" | "graphql";
  content: boolean;
  points: number;
}

export interface Refusal {
  status: 403;
  body: { message: string; documentation_url: string };
  headers: Record<string, string>;
}

export class SecondaryLimiter {
  private accepted: Accepted[] = [];
  /** Requests refused so far, and content-creating requests let through (with their instants). */
  refused = 0;
  readonly writes: number[] = [];

  private readonly limits: FakeSecondaryLimits;
  private readonly now: () => number;

  constructor(limits: FakeSecondaryLimits, now: () => number) {
    this.limits = limits;
    this.now = now;
  }

  /** Admit a request, or say how GitHub refuses it. */
  admit(method: string, path: string, body: unknown): Refusal | undefined {
    const api = path === "/graphql" ? "graphql" : "rest";
    const raw = (body as { query?: unknown } | undefined)?.query;
    const query = (typeof raw === "string" ? raw : "").replace(/"(?:[^"\\]|\\.)*"/g, '""');
    const content = api === "graphql" ? /(^|[\s}])mutation\b/.test(query) : !["GET", "HEAD", "OPTIONS"].includes(method);
    const points = content ? 5 : 1;
    const t = this.now();
    this.accepted = this.accepted.filter((a) => a.at > t - 3_600_000);
    const waits: number[] = [];
    const check = (window: number, limit: number, weight: (a: Accepted) => number, need: number) => {
      const inWindow = this.accepted.filter((a) => a.at > t - window && weight(a) > 0);
      let used = inWindow.reduce((sum, a) => sum + weight(a), 0);
      if (used + need <= limit) return;
      for (const a of inWindow) {
        used -= weight(a);
        if (used + need <= limit) {
          waits.push(a.at + window - t);
          return;
        }
      }
    };
    if (content) {
      check(60_000, this.limits.contentPerMinute, (a) => (a.content ? 1 : 0), 1);
      check(3_600_000, this.limits.contentPerHour, (a) => (a.content ? 1 : 0), 1);
    }
    check(60_000, api === "rest" ? this.limits.restPointsPerMinute : this.limits.graphqlPointsPerMinute, (a) => (a.api === api ? a.points : 0), points);
    if (waits.length > 0) {
      this.refused++;
      return {
        status: 403,
        headers: { "retry-after": String(Math.max(1, Math.ceil(Math.max(...waits) / 1000))) },
        body: {
          message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          documentation_url: "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        },
      };
    }
    this.accepted.push({ at: t, api, content, points });
    if (content) this.writes.push(t);
    return undefined;
  }
}
