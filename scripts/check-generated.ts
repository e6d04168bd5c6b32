/**
 * CI check: the committed JSON Schema, the demo snapshot (and the bundled Action, when there is
 * one) must be what the sources generate now. Prints what is stale and how to refresh it; exit 1 when stale.
 */
import { existsSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { RULE_FORMAT } from "../src/config/trackers.ts";
import { ruleFileJsonSchema } from "../src/core/rules/json-schema.ts";
import { buildDemoSnapshot, DEMO_SCENARIOS, DEMO_SNAPSHOT } from "./demo/build-demo-snapshot.ts";

let stale = false;
const schemaPath = "schema/rules.schema.json";
const want = `${JSON.stringify(ruleFileJsonSchema(RULE_FORMAT), null, 2)}\n`;
const have = existsSync(schemaPath) ? readFileSync(schemaPath, "utf8") : "";
if (have !== want) {
  console.error(`${schemaPath} is stale: run \`npm run schema\` and commit the result.`);
  stale = true;
} else {
  console.log(`${schemaPath} is up to date.`);
}

// The demo snapshot is generated from its scenarios; a hand edit of either side shows up here.
const demoWant = buildDemoSnapshot(readFileSync(DEMO_SCENARIOS, "utf8")).json;
const demoHave = existsSync(DEMO_SNAPSHOT) ? readFileSync(DEMO_SNAPSHOT, "utf8") : "";
if (demoHave !== demoWant) {
  console.error(`${DEMO_SNAPSHOT} is not what ${DEMO_SCENARIOS} generates: run \`npm run demo:snapshot\` and commit the result.`);
  stale = true;
} else {
  console.log(`${DEMO_SNAPSHOT} is up to date.`);
}

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts?: Record<string, string> };
if (pkg.scripts?.["check:dist"] !== undefined) {
  const result = spawnSync("npm", ["run", "--silent", "check:dist"], { stdio: "inherit" });
  if (result.status !== 0) stale = true;
}
process.exitCode = stale ? 1 : 0;
