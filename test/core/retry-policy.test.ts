import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AttemptFailure, backoffMs, DEFAULT_RETRY_POLICY, decideRetry, retryPolicy } from "../../src/core/retry-policy.ts";

const NOW = Date.parse("2026-03-11T10:00:00Z");
const policy = DEFAULT_RETRY_POLICY;
const ask = (failure: AttemptFailure, safeToRepeat: boolean, attempt = 0, random = 0.5) => decideRetry(policy, { attempt, failure, safeToRepeat, now: NOW, random: () => random });

describe("the retry policy", () => {
  it.each<[string, AttemptFailure, boolean, string]>([
    ["a 429 of a write is retried: it was refused, not done", { status: 429 }, false, "retry 1000"],
    ["a 429 of a read", { status: 429 }, true, "retry 1000"],
    ["a 502 of a read", { status: 502 }, true, "retry 1000"],
    ["a 503 of a write that may have been done is not", { status: 503 }, false, "unsafe-to-repeat"],
    ["a dropped connection of a read", { status: "network" }, true, "retry 1000"],
    ["a dropped connection of a write", { status: "network" }, false, "unsafe-to-repeat"],
    ["a 500 is not among the transient statuses", { status: 500 }, true, "not-retryable"],
    ["a 404 never", { status: 404 }, true, "not-retryable"],
    ["a 401 never", { status: 401 }, true, "not-retryable"],
    ["Retry-After in seconds is waited exactly", { status: 429, retryAfter: "7" }, false, "retry 7000"],
    ["Retry-After as an HTTP date", { status: 503, retryAfter: "Wed, 11 Mar 2026 10:00:30 GMT" }, true, "retry 30000"],
    ["Retry-After in the past: at once", { status: 429, retryAfter: "Wed, 11 Mar 2026 09:00:00 GMT" }, true, "retry 0"],
    ["an unreadable Retry-After falls back to the back-off", { status: 429, retryAfter: "soon" }, true, "retry 1000"],
    ["a Retry-After past the longest wait is not sat out", { status: 429, retryAfter: "3600" }, true, "wait-too-long"],
  ])("%s", (_name, failure, safe, expected) => {
    const decision = ask(failure, safe);
    expect(decision.retry ? `retry ${decision.waitMs}` : decision.why).toBe(expected);
  });

  it("keeps what the tracker advised when it gives up, for the error to carry", () => {
    expect(ask({ status: 429, retryAfter: "3600" }, true)).toEqual({ retry: false, why: "wait-too-long", retryAfterMs: 3_600_000 });
    expect(ask({ status: 429, retryAfter: "5" }, true, 4)).toEqual({ retry: false, why: "retries-used", retryAfterMs: 5000 });
  });

  it("retries at most maxRetries times", () => {
    expect([0, 1, 2, 3, 4, 5].map((attempt) => ask({ status: 429 }, true, attempt).retry)).toEqual([true, true, true, true, false, false]);
    const once = retryPolicy({ maxRetries: 1 });
    expect([0, 1].map((attempt) => decideRetry(once, { attempt, failure: { status: 502 }, safeToRepeat: true, now: NOW, random: () => 0 }).retry)).toEqual([true, false]);
  });

  it("backs off exponentially with ±20 % jitter, capped", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(policy, attempt, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(backoffMs(policy, 0, () => 0)).toBe(800);
    expect(backoffMs(policy, 0, () => 0.999_999)).toBe(1200);
  });

  it("never waits longer than the longest wait, nor less than nothing, whatever the attempt and random", () => {
    fc.assert(
      fc.property(fc.nat(100), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.option(fc.nat(10_000)), (attempt, random, seconds) => {
        const decision = decideRetry(policy, { attempt, failure: { status: 429, retryAfter: seconds === null ? undefined : String(seconds) }, safeToRepeat: true, now: NOW, random: () => random });
        if (decision.retry) {
          expect(decision.waitMs).toBeGreaterThanOrEqual(0);
          expect(decision.waitMs).toBeLessThanOrEqual(policy.maxWaitMs);
          expect(attempt).toBeLessThan(policy.maxRetries);
        }
      }),
    );
  });

  it("changes only the numbers given", () => {
    expect(retryPolicy({ maxRetries: undefined, initialBackoffMs: 5 })).toEqual({ ...policy, initialBackoffMs: 5 });
  });
});
