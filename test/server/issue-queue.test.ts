import { describe, expect, it } from "vitest";
import { retryPolicy } from "../../src/core/retry-policy.ts";
import { BUSY_RECHECK_MS, createIssueQueue, QUEUE_RETRY_POLICY, type RunOutcome } from "../../src/server/issue-queue.ts";

/** A runner whose runs finish only when the test says so. */
function gatedRunner() {
  const runs: string[] = [];
  const gates = new Map<string, ((outcome: RunOutcome) => void)[]>();
  let concurrent = 0;
  let maxConcurrentPerIssue = 0;
  const active = new Map<string, number>();
  const run = (issue: string): Promise<RunOutcome> => {
    runs.push(issue);
    concurrent += 1;
    active.set(issue, (active.get(issue) ?? 0) + 1);
    maxConcurrentPerIssue = Math.max(maxConcurrentPerIssue, active.get(issue) ?? 0);
    return new Promise((resolve) => {
      const list = gates.get(issue) ?? [];
      list.push((outcome) => {
        concurrent -= 1;
        active.set(issue, (active.get(issue) ?? 1) - 1);
        resolve(outcome);
      });
      gates.set(issue, list);
    });
  };
  const finish = async (issue: string, outcome?: RunOutcome) => {
    const gate = gates.get(issue)?.shift();
    if (gate === undefined) throw new Error(`${issue} is not running`);
    gate(outcome);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { run, runs, finish, concurrent: () => concurrent, maxConcurrentPerIssue: () => maxConcurrentPerIssue };
}

/** Timers the test fires by hand. */
function manualTimers() {
  const timers: { callback: () => void; ms: number; cancelled: boolean }[] = [];
  return {
    setTimer: (callback: () => void, ms: number) => {
      const timer = { callback, ms, cancelled: false };
      timers.push(timer);
      return { cancel: () => void (timer.cancelled = true) };
    },
    fire: () => {
      for (const timer of timers.splice(0)) if (!timer.cancelled) timer.callback();
    },
    pending: () => timers.filter((timer) => !timer.cancelled).map((timer) => timer.ms),
  };
}

describe("the issue queue", () => {
  it("runs one issue at a time and folds deliveries that arrive meanwhile into one more run", async () => {
    const runner = gatedRunner();
    const queue = createIssueQueue({ limit: 10, concurrency: 4, run: runner.run });
    expect(queue.push("SUP-1")).toBe("queued");
    expect(queue.push("SUP-1")).toBe("queued"); // arrives during the run: one more run after it
    expect(queue.push("SUP-1")).toBe("coalesced");
    expect(queue.push("SUP-1")).toBe("coalesced");
    expect(runner.runs).toEqual(["SUP-1"]);
    await runner.finish("SUP-1");
    expect(runner.runs).toEqual(["SUP-1", "SUP-1"]);
    await runner.finish("SUP-1");
    await queue.drain();
    expect(runner.runs).toHaveLength(2);
    expect(runner.maxConcurrentPerIssue()).toBe(1);
  });

  it("runs different issues concurrently up to the limit, in arrival order", async () => {
    const runner = gatedRunner();
    const queue = createIssueQueue({ limit: 10, concurrency: 2, run: runner.run });
    for (const issue of ["A-1", "A-2", "A-3", "A-4"]) queue.push(issue);
    expect(runner.runs).toEqual(["A-1", "A-2"]);
    expect(queue.depth()).toBe(2);
    await runner.finish("A-2");
    expect(runner.runs).toEqual(["A-1", "A-2", "A-3"]);
    await runner.finish("A-1");
    await runner.finish("A-3");
    await runner.finish("A-4");
    await queue.drain();
    expect(queue.depth() + queue.active()).toBe(0);
  });

  it("refuses new issues past the bound but still folds deliveries for issues already waiting", async () => {
    const runner = gatedRunner();
    const queue = createIssueQueue({ limit: 2, concurrency: 1, run: runner.run });
    expect(["B-1", "B-2", "B-3"].map((issue) => queue.push(issue))).toEqual(["queued", "queued", "queued"]);
    expect(queue.push("B-4")).toBe("full");
    expect(queue.push("B-2")).toBe("coalesced");
    await runner.finish("B-1");
    expect(queue.push("B-4")).toBe("queued");
  });

  it("says when it is done with an issue, takes promised work past the bound, and tells whether it has room", async () => {
    const runner = gatedRunner();
    const done: string[] = [];
    const queue = createIssueQueue({ limit: 1, concurrency: 1, run: runner.run, onDone: (issue) => done.push(issue) });
    queue.push("D-1");
    queue.push("D-2");
    expect(queue.wouldAccept("D-3")).toBe(false);
    expect(queue.wouldAccept("D-2")).toBe(true); // folds into the waiting run
    expect(queue.push("D-3")).toBe("full");
    expect(queue.push("D-3", { force: true })).toBe("queued");
    queue.push("D-1", { force: true }); // during its run: one more run, so not done yet
    await runner.finish("D-1");
    expect(done).toEqual([]);
    await runner.finish("D-2");
    await runner.finish("D-3", { retryAfterMs: 10 }); // asks for a retry: not done
    expect(done).toEqual(["D-2"]);
    await runner.finish("D-1");
    expect(done).toEqual(["D-2", "D-1"]);
    await queue.drain({ dropRetries: true });
    expect(done).toEqual(["D-2", "D-1"]);
  });

  it("retries after the delay a run asks for, a bounded number of times, and a new delivery cuts the wait", async () => {
    const runner = gatedRunner();
    const timers = manualTimers();
    const gaveUp: string[] = [];
    const queue = createIssueQueue({ limit: 5, concurrency: 1, run: runner.run, policy: retryPolicy({ maxRetries: 2 }, QUEUE_RETRY_POLICY), setTimer: timers.setTimer, onGiveUp: (issue, _attempts, why) => gaveUp.push(`${issue} ${why}`) });
    queue.push("C-1");
    await runner.finish("C-1", { retryAfterMs: 2000 });
    expect(timers.pending()).toEqual([2000]);
    expect(queue.depth()).toBe(1);
    timers.fire();
    expect(runner.runs).toHaveLength(2);
    await runner.finish("C-1", { retryAfterMs: 2000 });
    timers.fire();
    await runner.finish("C-1", { retryAfterMs: 2000 });
    expect(gaveUp).toEqual(["C-1 retries-used"]);
    expect(runner.runs).toHaveLength(3);

    queue.push("C-1");
    await runner.finish("C-1", { retryAfterMs: 60_000 });
    expect(queue.push("C-1")).toBe("coalesced");
    expect(runner.runs).toHaveLength(5);
    await runner.finish("C-1");
    await queue.drain();
  });

  it("drains: waits for queued work and retries; on shutdown drops retries instead", async () => {
    const runner = gatedRunner();
    const timers = manualTimers();
    const queue = createIssueQueue({ limit: 5, concurrency: 1, run: runner.run, setTimer: timers.setTimer });
    queue.push("D-1");
    let drained = false;
    const drain = queue.drain().then(() => {
      drained = true;
    });
    await runner.finish("D-1", { retryAfterMs: 1000 });
    expect(drained).toBe(false); // a plain drain waits for the retry
    timers.fire();
    await runner.finish("D-1");
    await drain;

    queue.push("D-2");
    queue.push("D-3");
    const shutdown = queue.drain({ dropRetries: true });
    await runner.finish("D-2", { retryAfterMs: 1000 });
    await runner.finish("D-3");
    await shutdown;
    expect(timers.pending()).toEqual([]);
    expect(runner.runs).toEqual(["D-1", "D-1", "D-2", "D-3"]);
  });

  it("keeps going when a run throws", async () => {
    const seen: string[] = [];
    const queue = createIssueQueue({
      limit: 5,
      concurrency: 1,
      run: (issue) => {
        seen.push(issue);
        return issue === "E-1" ? Promise.reject(new Error("bug")) : Promise.resolve(undefined);
      },
    });
    queue.push("E-1");
    queue.push("E-2");
    await queue.drain();
    expect(seen).toEqual(["E-1", "E-2"]);
  });

  it("processes one issue at a time while deliveries arrive, and all it may once they stop", async () => {
    const runner = gatedRunner();
    const timers = manualTimers();
    let busy = true;
    const queue = createIssueQueue({ limit: 10, concurrency: 3, run: runner.run, busy: () => busy, setTimer: timers.setTimer });
    for (const issue of ["B-1", "B-2", "B-3", "B-4"]) queue.push(issue);
    expect(runner.runs).toEqual(["B-1"]);
    expect(timers.pending()).toEqual([BUSY_RECHECK_MS]);
    timers.fire(); // still busy: no more at once, and it looks again later
    expect(runner.runs).toEqual(["B-1"]);
    await runner.finish("B-1"); // the work moves on, one issue at a time
    expect(runner.runs).toEqual(["B-1", "B-2"]);
    busy = false;
    timers.fire();
    expect(runner.runs).toEqual(["B-1", "B-2", "B-3", "B-4"]);
    expect(runner.concurrent()).toBe(3);
    expect(timers.pending()).toEqual([]);
    for (const issue of ["B-2", "B-3", "B-4"]) await runner.finish(issue);
    await queue.drain();
    expect(runner.maxConcurrentPerIssue()).toBe(1);
  });
});
