#!/usr/bin/env node
// The `shepherd` command. In a checkout, Node 24 runs the TypeScript sources directly (type
// stripping); installed as a dependency (inside node_modules, where Node strips no types) it runs
// the bundle that `npm run package` builds.
import { existsSync } from "node:fs";
import { fileURLToPath, URL } from "node:url";

// Plain JavaScript up to here, so that an older Node reaches this check instead of failing on a
// .ts import (ERR_UNKNOWN_FILE_EXTENSION) or on an API it lacks.
const major = Number(process.versions.node.split(".")[0]);
if (!(major >= 24)) {
  const local = [fileURLToPath(new URL("../node_modules/.bin/node", import.meta.url)), `${process.cwd()}/node_modules/.bin/node`].find((p) => existsSync(p));
  const what = local
    ? `Node 24 is installed here (${local}): run \`npx shepherd …\` (npm puts node_modules/.bin first on PATH), or start it as \`${local} ${process.argv[1]} …\`.`
    : "Install Node 24 (https://nodejs.org, or `nvm install 24`) and run it again, or run `npm ci` in a checkout of issue-shepherd and use `npx shepherd …` there.";
  process.stderr.write(`shepherd needs Node 24 or newer, found ${process.versions.node} (${process.execPath}).\n${what}\n`);
  process.exit(2);
}

const installed = import.meta.url.includes("/node_modules/");
const { main } = await import(installed ? "../dist/cli.js" : "../src/cli/main.ts");

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
