/**
 * CI check: the committed JSON Schema (and the bundled Action, when there is one) must be what
 * the sources generate now. Prints what is stale and how to refresh it; exit 1 when stale.
 */
import { existsSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { ruleFileJsonSchema } from "../src/core/rules/json-schema.ts";

let stale = false;
const schemaPath = "schema/rules.schema.json";
const want = `${JSON.stringify(ruleFileJsonSchema(), null, 2)}\n`;
const have = existsSync(schemaPath) ? readFileSync(schemaPath, "utf8") : "";
if (have !== want) {
  console.error(`${schemaPath} is stale: run \`npm run schema\` and commit the result.`);
  stale = true;
} else {
  console.log(`${schemaPath} is up to date.`);
}

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts?: Record<string, string> };
if (pkg.scripts?.["check:dist"] !== undefined) {
  const result = spawnSync("npm", ["run", "--silent", "check:dist"], { stdio: "inherit" });
  if (result.status !== 0) stale = true;
}
process.exitCode = stale ? 1 : 0;
