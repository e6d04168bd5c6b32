/**
 * `shepherd serve`: the webhook server for Jira, a GitHub App, or both, until SIGTERM/SIGINT drains
 * it. `--rules` are Jira's (required with Jira; a GitHub App reads each repository's own). `--store FILE` is the
 * delivery store (SQLite; `:memory:` for none), else SHEPHERD_STORE, else ./shepherd-store.sqlite.
 * `--queue postgres://…` (else SHEPHERD_QUEUE) shares one queue in PostgreSQL between replicas instead.
 */
import { ServeConfigError, startServer } from "../../server/start-server.ts";
import { UsageError, type CliIO } from "../io.ts";
import type { CliOptions } from "../options.ts";
import { loadRulesFor } from "./load.ts";

function port(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) > 65_535) throw new UsageError(`--port: expected a port number, found ${JSON.stringify(text)}`);
  return Number(text);
}

export async function runServe(options: CliOptions, io: CliIO): Promise<number> {
  // Jira's rules; a GitHub App served alone reads each repository's own, so needs none.
  const rules = options.rules === undefined ? undefined : loadRulesFor(options.rules, io);
  if (options.rules !== undefined && !rules) return 2;
  try {
    const server = await startServer({
      rules,
      env: io.env,
      ...(options.port === undefined ? {} : { port: port(options.port) as number }),
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.store === undefined ? {} : { store: options.store }),
      ...(options.queue === undefined ? {} : { queue: options.queue }),
    });
    await server.stopped;
    return 0;
  } catch (error) {
    if (error instanceof ServeConfigError) {
      io.stderr.write(`shepherd serve: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
