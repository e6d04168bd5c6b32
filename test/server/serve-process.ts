/**
 * `shepherd serve` as a child process for the durability tests: started on a store file against
 * a fake Jira, ready once it logs `server.ready`, killed with SIGKILL or stopped with SIGTERM.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { USERS } from "../fakes/jira/seed.ts";

export const BIN = fileURLToPath(new URL("../../bin/shepherd.js", import.meta.url));
export const RULES = fileURLToPath(new URL("../fakes/jira/rules.yml", import.meta.url));
export const TOKEN = "test-api-token";

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** The JSON log lines so far. */
  logs: Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<number | null>;
}

/** The environment of a server against this Jira, with this secret and store. */
export function serveEnv(jiraUrl: string, secret: string, store: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    JIRA_WEBHOOK_SECRET: secret,
    JIRA_BASE_URL: jiraUrl,
    JIRA_EMAIL: USERS.bot.emailAddress,
    JIRA_API_TOKEN: TOKEN,
    SHEPHERD_STORE: store,
    LOG_LEVEL: "info",
    ...extra,
  };
}

/** Start `shepherd serve` and resolve once it is ready (or reject with what it said on exit). */
export async function startServe(env: Record<string, string>, args: string[] = []): Promise<ServeProcess> {
  return launchServe([BIN, "serve", "--rules", RULES, "--port", "0", "--host", "127.0.0.1", ...args], env);
}

/** Run Node with these arguments (a `shepherd serve` command line) and resolve once it logs that it is ready. */
export async function launchServe(argv: string[], env: Record<string, string>, cwd?: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, argv, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    void exited.then((code) => reject(new Error(`shepherd serve exited ${code} before it was ready: ${stderr}`)));
    if (child.stdout === null) throw new Error("no stdout");
    createInterface({ input: child.stdout }).on("line", (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.event === "server.ready") resolve(String(entry.url));
    });
  });
  return { child, url, logs, stderr: () => stderr, exited };
}

/** SIGKILL: no drain, no flush, nothing the process can do about it. */
export async function kill9(server: ServeProcess): Promise<void> {
  server.child.kill("SIGKILL");
  await server.exited;
}

/** SIGTERM: drain and exit; resolves with the exit code. */
export async function stopServe(server: ServeProcess): Promise<number | null> {
  server.child.kill("SIGTERM");
  return server.exited;
}

/** A small seeded generator (mulberry32), so a failing seed can be run again. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
