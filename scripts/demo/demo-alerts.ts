/**
 * `npm run demo:alerts`: an Alertmanager notification becomes an issue on the embedded tracker.
 * A `shepherd serve`-style webhook server (the real handler, store and queue) takes alerts for
 * demo/alerts.yml and opens issues in a snapshot file under the temporary folder; the demo posts
 * the recorded firing notification (test/fixtures/alertmanager), prints the issue it opened and
 * the process's plan for it, then posts the resolved one and prints what changed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSnapshotTracker } from "../../src/cli/open-snapshot.ts";
import { readRules } from "../../src/config/read-rules.ts";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import { describeOperation } from "../../src/core/operations/registry.ts";
import { withoutMarker } from "../../src/core/text/hidden-key.ts";
import { createMemoryAlertStore } from "../../src/server/alert-store.ts";
import { createWebhookServer } from "../../src/server/create-webhook-server.ts";

const root = new URL("../../", import.meta.url);
const NOW = Date.parse("2026-03-02T09:02:00Z");
let now = NOW;
const TOKEN = "demo-alert-token-0123456789";

const loaded = readRules(new URL("demo/alerts.yml", root).pathname, NOW);
if (loaded.rules === undefined) {
  for (const d of loaded.diagnostics) console.error(`${d.file}:${d.line}:${d.col}: ${d.message}`);
  process.exit(2);
}
const rules = loaded.rules;
const rule = rules.alerts;
if (rule === undefined) throw new Error("demo/alerts.yml has no alerts: section");

const dir = mkdtempSync(join(tmpdir(), "shepherd-demo-alerts-"));
const snapshot = join(dir, "snapshot.json");
writeFileSync(snapshot, `${JSON.stringify({ tracker: "github", repository: rule.repository, issues: [] }, null, 2)}\n`);
const tracker = await openSnapshotTracker(snapshot, { botLogins: rules.botLogins, now: () => now });

const server = createWebhookServer({
  secret: undefined,
  now: () => now,
  // What the server logs, when it is worth reading: what it did with each alert, and any failure.
  logger: { log: (level, event, fields) => void ((level === "error" || event.startsWith("alert.")) && console.log(`  [${level}] ${event} ${JSON.stringify(fields)}`)) },
  alerts: { auth: { kind: "bearer", token: TOKEN }, rule, rules, store: createMemoryAlertStore(), tracker: () => Promise.resolve(tracker) },
});
await new Promise<void>((resolve) => server.server.listen(0, "127.0.0.1", resolve));
server.ready();
const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;

async function post(name: "firing" | "resolved"): Promise<void> {
  const body = readFileSync(new URL(`test/fixtures/alertmanager/${name}.json`, root), "utf8");
  const response = await fetch(`${url}/webhooks/alertmanager`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` }, body });
  console.log(`\nPOST /webhooks/alertmanager (${name}.json) → ${response.status} ${await response.text()}`);
  await server.idle();
}

const only = async (): Promise<Issue> => {
  for await (const issue of tracker.listIssues({ closedSince: 0 })) return issue;
  throw new Error("no issue was opened");
};
const line = "─".repeat(78);

await post("firing");
const issue = await only();
console.log(`\n${line}\n${issue.id}  ${issue.title}\nlabels: ${issue.labels.join(", ")}\n${line}\n${withoutMarker(issue.body)}\n${line}`);
for (const comment of issue.comments) console.log(`comment by ${comment.author.id}:\n${withoutMarker(comment.body)}\n${line}`);
// What the process plans for it a while later: its clocks run from the moment the issue was opened.
now = NOW + 20 * 60_000;
const plan = evaluate(issue, rules, now);
console.log(`\nThe process's plan for ${issue.id} at ${new Date(now).toISOString()} (priority ${plan.priority ?? "none"}):`);
for (const operation of plan.operations) console.log(`  ${describeOperation(operation)}   — ${operation.reason}`);
if (plan.operations.length === 0) console.log("  nothing to do");

now = NOW + 18 * 60_000;
await post("resolved");
const after = await only();
console.log(`\n${after.id} now: labels ${after.labels.join(", ")}`);
for (const comment of after.comments.slice(issue.comments.length)) console.log(`${line}\ncomment by ${comment.author.id}:\n${withoutMarker(comment.body)}`);

await server.close();
await tracker.flush();
await tracker.close();
console.log(`\nThe snapshot with the issue: ${snapshot}`);
