/**
 * The real PostgreSQL the replica tests and the bench run on: the server `scripts/start-postgres.sh`
 * started (its URL in SHEPHERD_TEST_POSTGRES_URL, else in the file the script writes). Each use
 * gets a database of its own, dropped afterwards, so runs never see each other's queues. In CI
 * (`CI=true`) a missing server is a failure; elsewhere the tests that need it are skipped with a
 * message saying how to start it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

export const START_HINT = "run scripts/start-postgres.sh";

/** The server's URL, if one answers; throws in CI when none does. */
export async function postgresUrl(env: Readonly<Record<string, string | undefined>> = process.env): Promise<string | undefined> {
  const file = join(env.SHEPHERD_PG_DIR ?? "/tmp/shepherd-postgres", "url");
  const url = env.SHEPHERD_TEST_POSTGRES_URL ?? (existsSync(file) ? readFileSync(file, "utf8").trim() : undefined);
  let problem = url === undefined ? "no SHEPHERD_TEST_POSTGRES_URL and no URL file" : undefined;
  if (url !== undefined) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
    } catch (error) {
      problem = `${url} does not answer (${error instanceof Error ? error.message || String((error as { code?: unknown }).code) : String(error)})`;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  if (problem === undefined) return url;
  if (env.CI === "true") throw new Error(`PostgreSQL is required in CI: ${problem}; ${START_HINT} before the tests`);
  return undefined;
}

export interface TestDatabase {
  url: string;
  /** Run SQL in it. */
  query<Row extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
}

/** A new, empty database on the server at `serverUrl`. */
export async function createTestDatabase(serverUrl: string, prefix = "shepherd_test"): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  return {
    url: url.toString(),
    query: async <Row extends Record<string, unknown>>(text: string, values: unknown[] = []) => (await pool.query<Row>(text, values)).rows,
    async drop() {
      await pool.end();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
