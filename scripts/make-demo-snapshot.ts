/**
 * Generates `demo/snapshot.json`, the bundled demo tracker that `npm run demo` audits, from the
 * scenarios in `demo/scenarios.yml` (who did what and when on each of the 30 issues). The output is
 * deterministic; `npm run check:clean` fails when the committed snapshot is not what this writes.
 *
 * Run: `npm run demo:snapshot`. What an audit at 2026-03-11T10:00+08:00 should do with each issue
 * is in `demo/README.md`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { buildDemoSnapshot, DEMO_SCENARIOS, DEMO_SNAPSHOT } from "./demo/build-demo-snapshot.ts";

const root = new URL("../", import.meta.url);
const { json, issues, comments } = buildDemoSnapshot(readFileSync(new URL(DEMO_SCENARIOS, root), "utf8"));
writeFileSync(new URL(DEMO_SNAPSHOT, root), json);
console.log(`wrote ${DEMO_SNAPSHOT}: ${issues} issues, ${comments} comments`);
