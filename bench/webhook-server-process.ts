/**
 * The server side of the webhook benchmark: `shepherd serve` as the CLI starts it — startServer
 * with the environment it is given (test secret, the fake Jira's URL) and the support rules.
 * Prints `{"url": …, "pid": …}` on one line once ready; SIGTERM drains and stops it.
 */
import { fileURLToPath } from "node:url";
import { readRules } from "../src/config/read-rules.ts";
import { startServer } from "../src/server/start-server.ts";

const loaded = readRules(fileURLToPath(new URL("../test/fakes/jira/rules.yml", import.meta.url)));
if (loaded.rules === undefined) throw new Error("the benchmark's rules do not load");
const server = await startServer({
  rules: loaded.rules,
  env: process.env,
  port: 0,
  host: "127.0.0.1",
  write: (line) => void process.stderr.write(line),
});
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);
await server.stopped;
process.exit(0);
