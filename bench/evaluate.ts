/**
 * Evaluation throughput of the default preset — a team's file that `extends: support`
 * (rules/example.yml) — on realistic issues, one core (target: at least 50,000 issue evaluations
 * per second). Prints `evaluate: <N> issues/s`.
 *
 * `node bench/evaluate.ts --evaluations <n>` evaluates exactly n issues after the warm-up and
 * prints only the count: timed as a whole process with two counts (say 60,000 and 0), paired
 * against another tree's run alternately, the difference is the cost of the evaluations alone,
 * start-up left out. (Instruction counts under valgrind are no steadier: V8 compiles on threads
 * of its own, so the same build's count per evaluation moves from run to run.)
 */
import { fileURLToPath } from "node:url";
import { readRules } from "../src/config/read-rules.ts";
import { evaluate } from "../src/core/evaluate.ts";
import { generateIssues } from "./generate-issues.ts";

export async function main(argv: readonly string[] = []): Promise<void> {
  const { rules, diagnostics } = readRules(fileURLToPath(new URL("../rules/example.yml", import.meta.url)));
  if (!rules) throw new Error(`rules invalid: ${diagnostics.map((d) => d.message).join("; ")}`);
  const now = Date.parse("2026-03-11T10:00:00+08:00");
  const issues = generateIssues(2000, now);
  // Warm up: JIT, calendar caches, regex compilation.
  for (let round = 0; round < 3; round++) for (const issue of issues) evaluate(issue, rules, now);
  const fixed = argv.indexOf("--evaluations");
  if (fixed >= 0) {
    const n = Number(argv[fixed + 1]);
    if (!Number.isInteger(n) || n < 0) {
      console.error(`bench/evaluate.ts --evaluations: expected a whole number of evaluations, found ${JSON.stringify(argv[fixed + 1] ?? "nothing")}; e.g. --evaluations 4000`);
      process.exitCode = 2;
      return;
    }
    let operations = 0;
    for (let i = 0; i < n; i++) operations += evaluate(issues[i % issues.length] as (typeof issues)[number], rules, now).operations.length;
    console.log(`evaluate: ${n} evaluations, ${operations} operations`);
    return;
  }
  let count = 0;
  let operations = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 3000) {
    for (const issue of issues) operations += evaluate(issue, rules, now).operations.length;
    count += issues.length;
    elapsed = performance.now() - start;
  }
  const used = process.cpuUsage(cpu);
  const perSecond = Math.round((count / elapsed) * 1000);
  // On a shared machine the wall clock counts the time other processes had the core; the
  // process's own CPU time says what one core would do.
  const perCpuSecond = Math.round((count / (used.user + used.system)) * 1_000_000);
  console.log(`evaluate: ${perSecond} issues/s`);
  console.log(`  (target ≥ 50000 issues/s; ${count} evaluations in ${Math.round(elapsed)} ms, ${perCpuSecond} per CPU second, ${(operations / count).toFixed(2)} operations per issue on average)`);
  await Promise.resolve();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
