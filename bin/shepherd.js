#!/usr/bin/env node
// The `shepherd` command. In a checkout, Node 24 runs the TypeScript sources directly (type
// stripping); installed as a dependency (inside node_modules, where Node strips no types) it runs
// the bundle that `npm run package` builds.
const installed = import.meta.url.includes("/node_modules/");
const { main } = await import(installed ? "../dist/cli.js" : "../src/cli/main.ts");

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
