/**
 * Run the built Action (dist/index.js) exactly as a runner does: a workspace with the rule file,
 * the event payload in a file, INPUT_* and GITHUB_* variables, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files — against the fake GitHub. Async spawn: the fake lives in this process.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { FakeGitHub } from "../fakes/github/fake-github-server.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = join(ROOT, "dist", "index.js");
const NODE = join(ROOT, "node_modules", ".bin", "node");

export interface DistRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** The JSON report the run wrote, if any. */
  report: Record<string, unknown> | undefined;
  workspace: string;
}

export interface DistOptions {
  fake: FakeGitHub;
  event: string;
  payload?: unknown;
  /** Rule file text written to .github/shepherd.yml. */
  rules?: string;
  repository?: string;
  inputs?: Record<string, string>;
  /** Reuse a workspace (a rerun). */
  workspace?: string;
  /** The bundle to run (default the committed dist/index.js). */
  dist?: string;
}

/** Parse the GITHUB_OUTPUT file: `name<<DELIM\nvalue\nDELIM` blocks and `name=value` lines. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc !== null) {
      const [, name = "", delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string);
      outputs[name] = value.join("\n");
    } else if (line.includes("=")) {
      outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return outputs;
}

export async function runDist(options: DistOptions): Promise<DistRun> {
  const workspace = options.workspace ?? mkdtempSync(join(tmpdir(), "shepherd-e2e-"));
  const runnerTemp = join(workspace, ".runner-temp");
  mkdirSync(join(workspace, ".github"), { recursive: true });
  mkdirSync(runnerTemp, { recursive: true });
  if (options.rules !== undefined) writeFileSync(join(workspace, ".github", "shepherd.yml"), options.rules);
  const eventPath = join(runnerTemp, "event.json");
  writeFileSync(eventPath, JSON.stringify(options.payload ?? {}));
  const outputPath = join(runnerTemp, `output-${Date.now()}`);
  const summaryPath = join(runnerTemp, `summary-${Date.now()}`);
  writeFileSync(outputPath, "");
  writeFileSync(summaryPath, "");
  const inputs = { "github-token": "ghs_fake", rules: ".github/shepherd.yml", "dry-run": "false", "max-writes": "", ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? workspace,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: options.repository ?? "acme/support",
    GITHUB_API_URL: options.fake.url,
    GITHUB_GRAPHQL_URL: options.fake.graphqlUrl,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;

  const child = spawn(NODE, [options.dist ?? DIST], { cwd: workspace, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on("close", done));
  const outputs = parseOutputs(readFileSync(outputPath, "utf8"));
  let report: Record<string, unknown> | undefined;
  if (outputs.report !== undefined && outputs.report !== "") report = JSON.parse(readFileSync(outputs.report, "utf8")) as Record<string, unknown>;
  return { code, stdout, stderr, outputs, summary: readFileSync(summaryPath, "utf8"), report, workspace };
}
