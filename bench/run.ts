/** `npm run bench`: every benchmark in turn, each printing its figures on lines of their own. */
import { existsSync } from "node:fs";

const benches = ["./evaluate.ts", "./audit-github.ts", "./audit-reads.ts", "./webhook.ts", "./replicas.ts", "./snapshot-audit.ts", "./similar-cases.ts", "./priority-accuracy.ts"];
for (const bench of benches) {
  if (!existsSync(new URL(bench, import.meta.url))) continue;
  const module = (await import(bench)) as { main: () => Promise<void> };
  await module.main();
}
