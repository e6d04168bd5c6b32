/**
 * Replicas on one PostgreSQL queue: two `shepherd serve` processes with `--queue` on a database of
 * their own, against the fake Jira, with no load balancer — deliveries go to each in turn, and a
 * second copy of every delivery (same identifier) goes to the other one at the same moment. Each
 * issue lacks its intake fields, so each delivery's effect is one label and one keyed comment:
 * every issue must carry it exactly once (0 lost, 0 duplicates), each delivery answered 202 by
 * exactly one replica. One replica is killed with SIGKILL mid-flood: the other finishes the work,
 * including the runs the killed one had taken (once their heartbeat is missed). One stopped with
 * SIGTERM mid-work drains: it finishes its runs and leaves the waiting jobs to the other. A
 * redelivery after a restart is a duplicate, and a rate-limited run is retried by the queue.
 */
import { PgBoss } from "pg-boss";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { supportIssue, USERS } from "../fakes/jira/seed.ts";
import { type Delivery, issueEvent, signed } from "../fakes/jira/webhook-payloads.ts";
import { createTestDatabase, postgresUrl, START_HINT, type TestDatabase } from "./replicas-postgres.ts";
import { kill9, type ServeProcess, serveEnv, startServe, stopServe } from "./serve-process.ts";

const SECRET = "whsec-replicas-7d2a";
const server = await postgresUrl();
if (server === undefined) console.warn(`replicas.test.ts: skipped, no PostgreSQL (${START_HINT})`);

let fake: FakeJira | undefined;
let db: TestDatabase | undefined;
const replicas: ServeProcess[] = [];

afterEach(async () => {
  for (const replica of replicas.splice(0)) {
    if (replica.child.exitCode === null && replica.child.signalCode === null) await kill9(replica);
  }
  await fake?.close();
  fake = undefined;
  await db?.drop();
  db = undefined;
});

const key = (index: number): string => `SUP-${index + 1}`;

async function startJira(issues: number): Promise<FakeJira> {
  const created = Date.now() - 60_000;
  return startFakeJira({
    issues: Array.from({ length: issues }, (_, index) =>
      supportIssue({ key: key(index), id: String(40_000 + index), created, summary: "Export fails", description: "The export button does nothing.", extraFields: {} }),
    ),
    checkResponses: false,
  });
}

/** A replica on the test database: a short heartbeat, so a killed one's runs are taken over within seconds. */
async function replica(jira: FakeJira, database: TestDatabase, env: Record<string, string> = {}): Promise<ServeProcess> {
  const started = await startServe(
    serveEnv(jira.url, SECRET, ":memory:", { SHEPHERD_QUEUE: database.url, SHEPHERD_QUEUE_HEARTBEAT_SECONDS: "10", SHEPHERD_CONCURRENCY: "16", ...env }),
  );
  replicas.push(started);
  return started;
}

function keysOf(jira: FakeJira, issue: string): string[] {
  return jira
    .issue(issue)
    .comments.filter((comment) => comment.author.accountId === USERS.bot.accountId)
    .map((comment) => (comment.properties.find((entry) => entry.key === "issue-shepherd")?.value as { key?: string } | undefined)?.key ?? "(no key)");
}

/** Issues without their effect, or with it more than once. */
function wrong(jira: FakeJira, issues: number): string[] {
  return Array.from({ length: issues }, (_, index) => key(index)).filter((issue) => {
    const keys = keysOf(jira, issue);
    return keys.length !== 1 || keys[0] !== "intake/missing" || !(jira.issue(issue).fields.labels as string[]).includes("needs-info");
  });
}

async function settled(jira: FakeJira, issues: number, ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const missing = Array.from({ length: issues }, (_, index) => key(index)).filter((issue) => keysOf(jira, issue).length === 0);
    if (missing.length === 0 || Date.now() > deadline) return missing;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the replicas said about their queue, and on standard error: shown when a test fails. */
const diagnose = (servers: ServeProcess[]): string =>
  JSON.stringify(servers.map((one) => ({ queue: one.logs.filter((entry) => String(entry.event).startsWith("queue.")), stderr: one.stderr() })));

const alive = (replica: ServeProcess): boolean => replica.child.exitCode === null && replica.child.signalCode === null;

/**
 * Post until a live replica answers 202 or 200, starting with `first`; a replica that cannot be
 * reached is skipped, as Jira's redelivery would reach another one behind a balancer.
 */
async function post(delivery: Delivery, targets: ServeProcess[], first: number): Promise<number> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const target = targets[(first + attempt) % targets.length] as ServeProcess;
    if (!alive(target)) continue;
    try {
      const response = await fetch(`${target.url}/webhooks/jira`, { method: "POST", headers: delivery.headers, body: delivery.body });
      await response.body?.cancel();
      if (response.status === 202 || response.status === 200) return response.status;
      if (response.status !== 503) throw new Error(`${delivery.id}: unexpected ${response.status}`);
    } catch (error) {
      if (error instanceof Error && error.message.includes("unexpected")) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${delivery.id} never answered`);
}

function deliveriesFor(jira: FakeJira, issues: number, prefix: string): Delivery[] {
  return Array.from({ length: issues }, (_, index) => signed(SECRET, issueEvent(jira.state, key(index), "jira:issue_created", { user: USERS.reporter }), `${prefix}-${index}`));
}

describe.skipIf(server === undefined)("two replicas of shepherd serve on one PostgreSQL queue", () => {
  beforeAll(() => {
    expect(server).toBeDefined();
  });

  it("each delivery is answered 202 once across both, its effect happens once, a rate-limited run is retried, a stopped replica drains, a redelivery after a restart is a duplicate", async () => {
    const ISSUES = 150;
    fake = await startJira(ISSUES);
    const jira = fake;
    db = await createTestDatabase(server as string);
    const database = db;
    // SUP-7's reads are rate-limited past the adapter's own retries (five attempts): the run asks for a retry,
    // which the queue defers by the advised second and a replica runs.
    const limited = { status: 429, headers: { "retry-after": "1" }, body: { errorMessages: ["Rate limit exceeded"] }, when: (request: { method: string; path: string }) => request.method === "GET" && request.path.endsWith("/issue/SUP-7") };
    jira.fail(limited, limited, limited, limited, limited);
    const both = [await replica(jira, database), await replica(jira, database)];
    const deliveries = deliveriesFor(jira, ISSUES, "twin");
    let next = 0;
    const answers: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let index = next++; index < deliveries.length; index = next++) {
          const delivery = deliveries[index] as Delivery;
          // The same delivery to both at once: one stores it, the other finds it.
          answers.push(...(await Promise.all([post(delivery, both, index % 2), post(delivery, both, (index + 1) % 2)])));
        }
      }),
    );
    expect(answers.filter((status) => status === 202)).toHaveLength(ISSUES);
    expect(answers.filter((status) => status === 200)).toHaveLength(ISSUES);
    // Stopped while the work goes on: it finishes the runs in hand and leaves the waiting jobs to the other.
    const [first, second] = both as [ServeProcess, ServeProcess];
    expect(await stopServe(first)).toBe(0);
    expect(first.logs.find((entry) => entry.event === "server.stopped")).toMatchObject({ drained: true });
    expect(await settled(jira, ISSUES, 30_000), diagnose(both)).toEqual([]);
    expect(wrong(jira, ISSUES)).toEqual([]);
    // Both replicas did part of the work.
    for (const one of both) expect(one.logs.filter((entry) => entry.event === "issue.processed").length).toBeGreaterThan(0);
    const retried = both.flatMap((one) => one.logs.filter((entry) => entry.event === "issue.retry_scheduled" && entry.issue === "SUP-7"));
    expect(retried).toHaveLength(1);
    expect(await stopServe(second)).toBe(0);
    // Nothing is left running: a stopped replica never leaves a job for a heartbeat to reclaim.
    expect(await database.query("SELECT id FROM pgboss.job WHERE name = 'shepherd-issues' AND state IN ('active', 'retry')")).toEqual([]);

    const again = await replica(jira, database);
    const redelivered = await Promise.all(deliveries.slice(0, 20).map((delivery) => post(delivery, [again], 0)));
    expect(redelivered).toEqual(Array.from({ length: 20 }, () => 200));
    expect(wrong(jira, ISSUES)).toEqual([]);
    expect(await stopServe(again)).toBe(0);
  }, 80_000);

  it("one replica killed with SIGKILL mid-flood: the other finishes the work, the killed one's runs included", async () => {
    const ISSUES = 200;
    fake = await startJira(ISSUES);
    const jira = fake;
    db = await createTestDatabase(server as string);
    const database = db;
    const both = [await replica(jira, database), await replica(jira, database)];
    const [victim] = both as [ServeProcess, ServeProcess];
    const deliveries = deliveriesFor(jira, ISSUES, "flood");
    let next = 0;
    let accepted = 0;
    let duplicates = 0;
    let killed: Promise<void> | undefined;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let index = next++; index < deliveries.length; index = next++) {
          // A delivery the victim stored but whose 202 the kill cut off is sent again to the other
          // replica, which knows it: 200 duplicate, as Jira's redelivery would get.
          if ((await post(deliveries[index] as Delivery, both, index % 2)) === 202) accepted += 1;
          else duplicates += 1;
          if (accepted + duplicates >= Math.floor(ISSUES * 0.6)) killed ??= kill9(victim);
        }
      }),
    );
    await killed;
    expect(alive(victim)).toBe(false);
    expect(accepted + duplicates).toBe(ISSUES);
    expect(duplicates).toBeLessThanOrEqual(8);
    // The victim had runs in hand when it died: their jobs went back to the queue once their heartbeat was missed.
    expect(await settled(jira, ISSUES, 45_000), diagnose(both)).toEqual([]);
    expect(wrong(jira, ISSUES)).toEqual([]);
    const takenOver = await database.query<{ n: string }>("SELECT count(*) AS n FROM pgboss.job WHERE name = 'shepherd-issues' AND retry_count > 0");
    expect(Number(takenOver[0]?.n)).toBeGreaterThan(0);
    expect(await stopServe(both[1] as ServeProcess)).toBe(0);
  }, 80_000);
  it("the queue limit counts the shared queue's waiting jobs (503 past it), and a delivery for an issue whose retry waits runs it now", async () => {
    const ISSUES = 12;
    fake = await startJira(ISSUES);
    const jira = fake;
    db = await createTestDatabase(server as string);
    const database = db;
    const one = await replica(jira, database, { SHEPHERD_QUEUE_LIMIT: "5" });
    // Five issues wait for retries an hour away, as runs that were rate-limited leave them (their second attempt).
    const boss = new PgBoss({ connectionString: database.url, supervise: false, schedule: false, migrate: false });
    await boss.start();
    for (let index = 0; index < 5; index++) await boss.send("shepherd-issues", { issue: key(index), attempt: 2 }, { singletonKey: key(index), startAfter: 3600 });
    await boss.stop({ graceful: false });
    const deliveries = deliveriesFor(jira, ISSUES, "limit");
    // Counted every second: once counted, a delivery that would be a sixth waiting issue is refused, with when to come back.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const sixth = deliveries[10] as Delivery;
    const refused = await fetch(`${one.url}/webhooks/jira`, { method: "POST", headers: sixth.headers, body: sixth.body });
    expect(refused.status, diagnose([one])).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("10");
    expect(await refused.json()).toMatchObject({ reason: "queue_full" });
    // A delivery for an issue that waits folds into its job: accepted, and the retry runs now instead of in an hour.
    const folded = deliveries[2] as Delivery;
    const answer = await fetch(`${one.url}/webhooks/jira`, { method: "POST", headers: folded.headers, body: folded.body });
    await answer.body?.cancel();
    expect(answer.status).toBe(202);
    const jobsNow = () =>
      database.query<{ key: string; state: string; data: Record<string, unknown> }>(
        "SELECT singleton_key AS key, state::text AS state, data FROM pgboss.job WHERE name = 'shepherd-issues' ORDER BY singleton_key",
      );
    const deadline = Date.now() + 15_000;
    let jobs = await jobsNow();
    while (!jobs.some((job) => job.key === key(2) && job.state === "completed") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      jobs = await jobsNow();
    }
    expect(keysOf(jira, key(2)), diagnose([one])).toEqual(["intake/missing"]);
    // One job, run once, from its first attempt again; the others still wait for their hour.
    expect(jobs.filter((job) => job.key === key(2))).toEqual([{ key: key(2), state: "completed", data: { issue: key(2) } }]);
    expect(jobs.filter((job) => job.state === "created")).toHaveLength(4);
    expect(one.logs.filter((entry) => entry.event === "issue.processed" && entry.issue === key(2))).toHaveLength(1);
    expect(keysOf(jira, key(0))).toEqual([]);
    // Once the retries are done (here: given up), there is room again.
    await database.query("DELETE FROM pgboss.job WHERE name = 'shepherd-issues' AND state = 'created'");
    const later = deliveries[10] as Delivery;
    let status = 0;
    for (let tries = 0; tries < 50 && status !== 202; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const response = await fetch(`${one.url}/webhooks/jira`, { method: "POST", headers: later.headers, body: later.body });
      await response.body?.cancel();
      status = response.status;
    }
    expect(status).toBe(202);
    expect(await stopServe(one)).toBe(0);
  }, 60_000);
});

describe("shepherd serve --queue: what the operator is told", () => {
  /** Start serve, expecting it to exit before it is ready: answers what it said (startServe's error carries its stderr). */
  async function refused(env: Record<string, string>, args: string[]): Promise<string> {
    try {
      replicas.push(await startServe(env, args));
    } catch (error) {
      return String(error);
    }
    throw new Error(`shepherd serve ${args.join(" ")} started`);
  }

  it("a URL that is not PostgreSQL's, a heartbeat below pg-boss's least, --store beside --queue and a database that does not answer stop the start with exit 2", async () => {
    fake = await startJira(1);
    const env = (extra: Record<string, string>): Record<string, string> => serveEnv((fake as FakeJira).url, SECRET, ":memory:", extra);
    const cases: [Record<string, string>, string[], RegExp][] = [
      [{ SHEPHERD_QUEUE: "mysql://db:3306/shepherd" }, [], /SHEPHERD_QUEUE must be a PostgreSQL URL \(postgres:\/\/ or postgresql:\/\/\); found one of scheme "mysql:"/],
      [{}, ["--queue", "not a url"], /--queue must be a PostgreSQL URL such as postgres:\/\/user:password@host:5432\/database; found/],
      [{ SHEPHERD_QUEUE: "postgres://127.0.0.1:1/x", SHEPHERD_QUEUE_HEARTBEAT_SECONDS: "5" }, [], /SHEPHERD_QUEUE_HEARTBEAT_SECONDS must be a whole number of seconds, at least 10; found "5"/],
      [{}, ["--queue", "postgres://127.0.0.1:1/x", "--store", "x.sqlite"], /--store and a queue \(--queue\) were both given/],
      [{}, ["--queue", "postgres://shepherd:s3cret-pw@127.0.0.1:1/x"], /the queue \(--queue\): cannot reach the queue's database at postgres:\/\/shepherd:\*\*\*@127\.0\.0\.1:1\/x \(connect ECONNREFUSED 127\.0\.0\.1:1\); check the URL/],
    ];
    for (const [extra, args, expected] of cases) {
      const stderr = await refused(env(extra), args);
      expect(stderr).toMatch(/exited 2 before it was ready: shepherd serve: /);
      expect(stderr).toMatch(expected);
      expect(stderr).not.toContain("s3cret-pw");
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);
});
