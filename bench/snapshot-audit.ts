/**
 * Snapshot files at scale: a generated GitHub snapshot (issues as the REST API returns them, 10
 * comments and 10 timeline events each) audited by the `shepherd audit --tracker file:…` command
 * in a child process, which reads the file, applies the changes and writes it back. Prints, on
 * a line of its own:
 *
 *   snapshot audit 100k: <S> s, <M> MB peak
 *     (CPU <C> s; 10k: <S> s, <M> MB peak, CPU <C> s; files …)
 *
 * S is the child's wall time, C the CPU time it used (steadier than S on a busy machine), M its
 * peak resident memory as the child's own maxRSS gives it. The target: memory well under 1 GB,
 * and time linear in the issues (the 10k figure beside it shows the slope).
 */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { realisticSeed } from "../test/fakes/github/make-issues.ts";

const NOW = Date.parse("2026-03-11T10:00:00+08:00");
const REPOSITORY = "acme/support";
const BATCH = 1000;

/** Write a `count`-issue snapshot one issue at a time (the generator never holds the file). */
export async function writeSnapshot(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", () => resolve()));
  await write(`{"tracker":"github","repository":"${REPOSITORY}","issues":[`);
  const template = realisticSeed(BATCH, NOW, REPOSITORY).issues;
  for (let n = 0; n < count; n++) {
    const entry = structuredClone(template[n % BATCH]);
    if (entry === undefined) throw new Error("no template issue");
    const number = n + 1;
    Object.assign(entry.issue, {
      number,
      id: 100_000 + number,
      node_id: `I_kwDO${number}`,
      html_url: `https://github.com/${REPOSITORY}/issues/${number}`,
    });
    await write(`${n === 0 ? "" : ","}${JSON.stringify(entry)}`);
  }
  await write("]}\n");
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

interface Figure {
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  fileMb: number;
}

/** Audit the snapshot through the CLI in a child process; its peak RSS as the child reports it. */
async function auditInChild(dir: string, path: string): Promise<Figure> {
  const bin = fileURLToPath(new URL("../bin/shepherd.js", import.meta.url));
  const rules = fileURLToPath(new URL("../rules/support.yml", import.meta.url));
  const peakFile = join(dir, "peak.txt");
  const preload = join(dir, "peak.mjs");
  // maxRSS is in kilobytes, the CPU times in microseconds; written when the child exits, however it exits.
  await writeFile(
    preload,
    `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => { const usage = process.resourceUsage(); writeFileSync(${JSON.stringify(peakFile)}, JSON.stringify({ maxRSS: usage.maxRSS, cpu: usage.userCPUTime + usage.systemCPUTime })); });\n`,
  );
  const fileMb = (await stat(path)).size / 1e6;
  const started = performance.now();
  const stderr: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", preload, bin, "audit", "--tracker", `file:${path}`, "--rules", rules, "--now", new Date(NOW).toISOString()],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0 && code !== 1) throw new Error(`the audit failed (exit ${code}): ${Buffer.concat(stderr).toString().slice(0, 2000)}`);
  const usage = JSON.parse(await readFile(peakFile, "utf8")) as { maxRSS: number; cpu: number };
  return { seconds, cpuSeconds: usage.cpu / 1e6, peakMb: usage.maxRSS / 1024, fileMb };
}

async function measure(count: number): Promise<Figure> {
  const dir = await mkdtemp(join(tmpdir(), "shepherd-snapshot-bench-"));
  try {
    const path = join(dir, "snapshot.json");
    await writeSnapshot(path, count);
    return await auditInChild(dir, path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const show = (figure: Figure): string => `${figure.seconds.toFixed(1)} s, ${Math.round(figure.peakMb)} MB peak`;

export async function main(): Promise<void> {
  const small = await measure(10_000);
  const large = await measure(100_000);
  process.stdout.write(`snapshot audit 100k: ${show(large)}\n`);
  process.stdout.write(
    `  (CPU ${large.cpuSeconds.toFixed(1)} s; 10k: ${show(small)}, CPU ${small.cpuSeconds.toFixed(1)} s; files ${Math.round(small.fileMb)} MB and ${Math.round(large.fileMb)} MB)\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
