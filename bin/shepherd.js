#!/usr/bin/env node
// The `shepherd` command. Node 24 runs the TypeScript sources directly (type stripping).
import { main } from "../src/cli/main.ts";

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
