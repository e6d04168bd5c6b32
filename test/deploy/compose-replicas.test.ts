/**
 * deploy/compose.replicas.yml and the Containerfile, run as they are written, without a container
 * engine: each `shepherd-*` service becomes a process started with the container's entry point and
 * command from its working directory (this checkout, which the container file copies), the
 * container's environment under the service's, its rule file mounted where the command reads it,
 * and its queue URL pointing at a real PostgreSQL whose user, password and database are the
 * `postgres` service's. The balancer is played by the test, sending each delivery to the replicas
 * in turn. What this proves: the variables, paths, command and health check of the two files fit
 * what `shepherd serve` reads, and the replicas they describe share one queue (each delivery's
 * effect once). What it cannot prove here: the images build and the engine wires the network.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { supportIssue, USERS } from "../fakes/jira/seed.ts";
import { issueEvent, signed } from "../fakes/jira/webhook-payloads.ts";
import { createTestDatabase, postgresUrl, START_HINT, type TestDatabase } from "../server/replicas-postgres.ts";
import { kill9, launchServe, RULES, type ServeProcess, stopServe, TOKEN } from "../server/serve-process.ts";
import { readCompose, readContainerFile, requiredVariables, ROOT } from "./deploy-files.ts";

const COMPOSE = join(ROOT, "deploy", "compose.replicas.yml");
const SECRET = "whsec-compose-5e1b";
const server = await postgresUrl();
if (server === undefined) console.warn(`compose-replicas.test.ts: skipped, no PostgreSQL (${START_HINT})`);

let fake: FakeJira | undefined;
let db: TestDatabase | undefined;
const started: ServeProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const one of started.splice(0)) if (one.child.exitCode === null && one.child.signalCode === null) await kill9(one);
  await fake?.close();
  fake = undefined;
  await db?.drop();
  db = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A container path on this machine: the working directory is this checkout, mounts are the given folders. */
function hostPath(path: string, workdir: string, mounts: Record<string, string>): string {
  for (const [inside, outside] of Object.entries(mounts)) if (path === inside || path.startsWith(`${inside}/`)) return outside + path.slice(inside.length);
  return path.startsWith(`${workdir}/`) ? join(ROOT, path.slice(workdir.length + 1)) : path;
}

describe("the deployment files", () => {
  it("the compose file names every variable it requires in its header, and refuses to start without one", () => {
    const required = requiredVariables(COMPOSE);
    expect(required.sort()).toEqual(["JIRA_API_TOKEN", "JIRA_BASE_URL", "JIRA_EMAIL", "JIRA_WEBHOOK_SECRET", "SHEPHERD_DB_PASSWORD"]);
    // The header's `export` lines, which an operator copies before `docker compose up`.
    const header = readFileSync(COMPOSE, "utf8").split("\n").filter((line) => /^#\s+export /.test(line)).join(" ");
    const exported = [...header.matchAll(/(\w+)=/g)].map((match) => match[1]);
    expect(required.filter((name) => !exported.includes(name))).toEqual([]);
    expect(() => readCompose(COMPOSE, { JIRA_WEBHOOK_SECRET: "s", JIRA_BASE_URL: "u", JIRA_EMAIL: "e", JIRA_API_TOKEN: "t" })).toThrow(/SHEPHERD_DB_PASSWORD: set SHEPHERD_DB_PASSWORD/);
  });

  it("the container's command runs `shepherd serve` on the mounted rules, with its store on the volume", () => {
    const file = readContainerFile();
    expect(file.entrypoint).toEqual(["node", "bin/shepherd.js"]);
    expect(file.cmd.slice(0, 1)).toEqual(["serve"]);
    expect(file.env.SHEPHERD_STORE?.startsWith("/data/")).toBe(true);
    // Node 24 runs the sources directly: the version the container's base image brings must be the one the package needs.
    expect(spawnSync(process.execPath, ["-e", "process.exit(Number(process.versions.node.split('.')[0]) >= 24 ? 0 : 1)"]).status).toBe(0);
  });
});

describe.skipIf(server === undefined)("deploy/compose.replicas.yml run as written", () => {
  it("two replicas from the compose file share the queue: healthy, each delivery's effect once, one killed and the other carries on, SIGTERM drains", async () => {
    const ISSUES = 60;
    const created = Date.now() - 60_000;
    fake = await startFakeJira({
      issues: Array.from({ length: ISSUES }, (_, index) =>
        supportIssue({ key: `SUP-${index + 1}`, id: String(41_000 + index), created, summary: "Export fails", description: "The export button does nothing.", extraFields: {} }),
      ),
      checkResponses: false,
    });
    const jira = fake;
    db = await createTestDatabase(server as string);
    const password = "compose-db-password-9f3c";
    const services = readCompose(COMPOSE, {
      JIRA_WEBHOOK_SECRET: SECRET,
      JIRA_BASE_URL: jira.url,
      JIRA_EMAIL: USERS.bot.emailAddress,
      JIRA_API_TOKEN: TOKEN,
      SHEPHERD_DB_PASSWORD: password,
    });
    const postgres = services.postgres?.environment ?? {};
    const container = readContainerFile();
    const names = Object.keys(services).filter((name) => name.startsWith("shepherd-"));
    expect(names).toEqual(["shepherd-a", "shepherd-b"]);
    // The balancer sends to every replica the file declares, on the port the container listens on.
    const balancer = services.balancer?.command ?? [];
    expect(balancer.filter((_, index) => balancer[index - 1] === "--to")).toEqual(names.map((name) => `${name}:${container.env.PORT}`));

    const replicas: (ServeProcess & { port?: number })[] = [];
    for (const name of names) {
      const service = services[name] ?? {};
      expect(service.build).toMatchObject({ context: "..", dockerfile: "Containerfile" });
      expect(service.depends_on).toMatchObject({ postgres: { condition: "service_healthy" } });
      // The queue URL names the postgres service with its own user, password and database.
      const queue = new URL(service.environment?.SHEPHERD_QUEUE ?? "");
      expect({ host: queue.hostname, user: queue.username, password: queue.password, database: queue.pathname.slice(1) }).toEqual({
        host: "postgres",
        user: postgres.POSTGRES_USER,
        password: postgres.POSTGRES_PASSWORD,
        database: postgres.POSTGRES_DB,
      });
      // Its mounts: the rule file where the command reads it; the store's volume.
      const home = mkdtempSync(join(tmpdir(), `shepherd-${name}-`));
      dirs.push(home);
      const mounts: Record<string, string> = { "/data": join(home, "data") };
      mkdirSync(mounts["/data"] as string);
      for (const volume of service.volumes ?? []) {
        const [, inside] = volume.split(":");
        const target = join(home, "mounts", (inside as string).replace(/^\//, ""));
        mkdirSync(join(target, ".."), { recursive: true });
        copyFileSync(RULES, target);
        mounts[(inside as string).replace(/\/[^/]+$/, "")] = join(target, "..");
      }
      const port = await freePort();
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? "",
        ...container.env,
        ...service.environment,
        SHEPHERD_STORE: hostPath(container.env.SHEPHERD_STORE ?? "", container.workdir, mounts),
        // One machine plays both containers: each its own port instead of its own address.
        PORT: String(port),
      };
      // The `postgres` host is the test's server: the same variable, another address.
      for (const [key, value] of Object.entries(env)) if (value === queue.toString() || value === service.environment?.SHEPHERD_QUEUE) env[key] = db.url;
      const argv = [...container.entrypoint.slice(1), ...container.cmd].map((arg) => hostPath(arg, container.workdir, mounts));
      const one = await launchServe(argv, env, ROOT);
      started.push(one);
      replicas.push(Object.assign(one, { port }));
      // The container's health check, as the engine runs it inside the container.
      const health = spawnSync(process.execPath, container.healthcheck.slice(1), { env: { PORT: String(port) }, timeout: 10_000 });
      expect(health.status, `${name} health check: ${health.stderr.toString()}`).toBe(0);
    }

    const deliveries = Array.from({ length: ISSUES }, (_, index) => signed(SECRET, issueEvent(jira.state, `SUP-${index + 1}`, "jira:issue_created", { user: USERS.reporter }), `compose-${index}`));
    const statuses: number[] = [];
    for (const [index, delivery] of deliveries.entries()) {
      const target = replicas[index % replicas.length] as ServeProcess & { port: number };
      const response = await fetch(`http://127.0.0.1:${target.port}/webhooks/jira`, { method: "POST", headers: delivery.headers, body: delivery.body });
      await response.body?.cancel();
      statuses.push(response.status);
      // Half-way, the first replica is killed; the balancer sends the rest to the one left.
      if (index === ISSUES / 2) {
        await kill9(replicas[0] as ServeProcess);
        replicas.shift();
      }
    }
    expect(statuses.every((status) => status === 202)).toBe(true);
    const keys = (issue: string) => jira.issue(issue).comments.filter((comment) => comment.author.accountId === USERS.bot.accountId).length;
    const deadline = Date.now() + 60_000;
    let missing = deliveries.map((_, index) => `SUP-${index + 1}`).filter((issue) => keys(issue) === 0);
    while (missing.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      missing = missing.filter((issue) => keys(issue) === 0);
    }
    expect(missing).toEqual([]);
    expect(deliveries.map((_, index) => keys(`SUP-${index + 1}`)).filter((count) => count !== 1)).toEqual([]);
    // stop_grace_period gives SIGTERM time to drain: the replica left stops cleanly.
    expect((services[names[1] as string] ?? {}).stop_grace_period).toBe("40s");
    expect(await stopServe(replicas[0] as ServeProcess)).toBe(0);
  }, 120_000);
});
