/**
 * A server killed at any moment loses no delivery it answered 202, and acts on none twice.
 * `shepherd serve` runs as a process on a SQLite store against the fake Jira; a flood of 500
 * signed deliveries (one per issue, each issue lacking its intake fields, so each delivery's
 * effect is one label and one keyed comment) is sent as Jira sends: in parallel, and again with
 * the same identifier whenever the answer does not come (connection refused or cut). At random
 * points (seeded) the server is killed with SIGKILL — mid-answer, mid-commit, mid-run — and
 * started again on the same store. In the end every issue carries its effect exactly once.
 * With the in-memory store the same kill loses work: the test can tell the difference.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { supportIssue, USERS } from "../fakes/jira/seed.ts";
import { type Delivery, issueEvent, signed } from "../fakes/jira/webhook-payloads.ts";
import { kill9, seeded, type ServeProcess, serveEnv, startServe, stopServe } from "./serve-process.ts";

const SECRET = "whsec-crash-test-5c1e";
const ISSUES = 500;
const KILLS = 2;
/** Writes to one issue are spaced out (about 0.4 s a run here): many issues at once keep the test short. */
const SERVE = { SHEPHERD_CONCURRENCY: "128" };

let fake: FakeJira | undefined;
let server: ServeProcess | undefined;
const dirs: string[] = [];

afterEach(async () => {
  if (server !== undefined && server.child.exitCode === null && server.child.signalCode === null) await kill9(server);
  server = undefined;
  await fake?.close();
  fake = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const key = (index: number): string => `SUP-${index + 1}`;

/** Issues filed a minute ago without impact, start time, steps or environment. */
async function startJira(): Promise<FakeJira> {
  const created = Date.now() - 60_000;
  return startFakeJira({
    issues: Array.from({ length: ISSUES }, (_, index) =>
      supportIssue({ key: key(index), id: String(30_000 + index), created, summary: "Export fails", description: "The export button does nothing.", extraFields: {} }),
    ),
    checkResponses: false,
  });
}

/** The tool's comments on an issue, by the hidden key of each (its comment property). */
function keysOf(jira: FakeJira, issue: string): string[] {
  return jira
    .issue(issue)
    .comments.filter((comment) => comment.author.accountId === USERS.bot.accountId)
    .map((comment) => {
      const property = comment.properties.find((entry) => entry.key === "issue-shepherd")?.value as { key?: string } | undefined;
      return property?.key ?? "(no key)";
    });
}

interface FloodResult {
  accepted: number;
  duplicates: number;
  kills: number;
  /** Issues each restarted server found unfinished in the store and resumed. */
  resumed: number[];
}

/**
 * Send every delivery until it is answered 202 (or 200 duplicate: answered before the kill),
 * killing and restarting the server after the `killAt`-th answers (plus a random delay).
 */
async function flood(deliveries: Delivery[], start: () => Promise<ServeProcess>, killAt: number[], random: () => number): Promise<FloodResult> {
  let current = await start();
  server = current;
  let up: Promise<void> = Promise.resolve();
  let accepted = 0;
  let duplicates = 0;
  let kills = 0;
  const resumed: number[] = [];
  let next = 0;
  const pendingKills = [...killAt].sort((a, b) => a - b);
  let killing = false;

  const restart = (): void => {
    killing = true;
    const victim = current;
    up = (async () => {
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 15)));
      await kill9(victim);
      kills += 1;
      current = await start();
      server = current;
      resumed.push(Number(current.logs.find((entry) => entry.event === "server.ready")?.resumed));
      killing = false;
    })();
  };

  const worker = async (): Promise<void> => {
    for (let index = next++; index < deliveries.length; index = next++) {
      const delivery = deliveries[index] as Delivery;
      for (let attempt = 0; ; attempt++) {
        if (attempt > 200) throw new Error(`${delivery.id} never accepted`);
        await up;
        let status: number;
        try {
          const response = await fetch(`${current.url}/webhooks/jira`, { method: "POST", headers: delivery.headers, body: delivery.body });
          status = response.status;
          await response.body?.cancel();
        } catch {
          // Refused or cut: the server is down. Jira delivers again, with the same identifier.
          await up;
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        if (status === 202 || status === 200) {
          if (status === 202) accepted += 1;
          else duplicates += 1;
          // A kill point passed during a restart is taken at the first answer after it.
          if (!killing && pendingKills[0] !== undefined && accepted + duplicates >= pendingKills[0]) {
            pendingKills.shift();
            restart();
          }
          break;
        }
        if (status === 503) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          continue;
        }
        throw new Error(`${delivery.id}: unexpected ${status}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, () => worker()));
  await up;
  return { accepted, duplicates, kills, resumed };
}

/** Wait until the first `count` issues carry their intake label, or the time is up; answers those without it. */
async function settled(jira: FakeJira, count: number, ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const missing = Array.from({ length: count }, (_, index) => key(index)).filter((issue) => !(jira.issue(issue).fields.labels as string[]).includes("needs-info"));
    if (missing.length === 0 || Date.now() > deadline) return missing;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function deliveriesFor(jira: FakeJira): Delivery[] {
  return Array.from({ length: ISSUES }, (_, index) => signed(SECRET, issueEvent(jira.state, key(index), "jira:issue_created", { user: USERS.reporter }), `crash-${index}`));
}

describe("a server killed with SIGKILL during a flood, restarted on the same store", () => {
  it.each([11, 2026, 90_210])("seed %i: every delivery's effect happens exactly once", async (seed) => {
    const random = seeded(seed);
    fake = await startJira();
    const jira = fake;
    const dir = mkdtempSync(join(tmpdir(), "shepherd-crash-"));
    dirs.push(dir);
    const store = join(dir, "store.sqlite");
    // One kill point in each of KILLS equal stretches of the flood, in its first half: answers
    // still in flight when a kill starts (up to one per sender) can never carry the flood past the
    // next point or its end, so every kill is taken however fast or slow the machine is.
    const stretch = Math.floor((ISSUES - 40) / KILLS);
    const killAt = Array.from({ length: KILLS }, (_, k) => 20 + k * stretch + Math.floor(random() * (stretch / 2)));
    const result = await flood(deliveriesFor(jira), () => startServe(serveEnv(jira.url, SECRET, store, SERVE)), killAt, random);
    expect(result.kills).toBe(KILLS);
    // Every delivery was answered 202 once, or found to be a duplicate of one answered before a kill.
    expect(result.accepted + result.duplicates).toBe(ISSUES);

    expect(await settled(jira, ISSUES, 30_000)).toEqual([]);
    const last = server as ServeProcess;
    expect(await stopServe(last)).toBe(0);
    const duplicated = Array.from({ length: ISSUES }, (_, index) => key(index)).filter((issue) => {
      const keys = keysOf(jira, issue);
      return keys.length !== new Set(keys).size || !keys.includes("intake/missing");
    });
    expect(duplicated).toEqual([]);
    expect(Array.from({ length: ISSUES }, (_, index) => keysOf(jira, key(index)).length).reduce((a, b) => a + b, 0)).toBe(ISSUES);
    // The kills left work behind that the next server resumed; none is left unfinished in the store.
    expect(result.resumed.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const db = new DatabaseSync(store, { readOnly: true });
    expect(db.prepare("SELECT count(*) AS n FROM pending").get()).toEqual({ n: 0 });
    db.close();
  }, 60_000);

  it("with the in-memory store, the same kill loses deliveries it answered 202", async () => {
    fake = await startJira();
    const jira = fake;
    // 200 deliveries, killed right after the 180th answer, while most of them still wait in the queue.
    const result = await flood(deliveriesFor(jira).slice(0, 200), () => startServe(serveEnv(jira.url, SECRET, ":memory:", SERVE)), [180], () => 0);
    expect(result.kills).toBe(1);
    expect(result.resumed).toEqual([0]);
    const missing = await settled(jira, 200, 2000);
    expect(missing.length).toBeGreaterThan(0);
  }, 60_000);
});
